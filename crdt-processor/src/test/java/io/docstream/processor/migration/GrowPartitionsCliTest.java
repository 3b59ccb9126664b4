package io.docstream.processor.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class GrowPartitionsCliTest {

    @Test
    void defaultsAreTheServicesDefaults() {
        PartitionGrowth.Settings s = GrowPartitionsCli.parse(new String[] {"--partitions", "8"});
        assertThat(s.partitions()).isEqualTo(8);
        assertThat(s.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(s.topicPrefix()).isEmpty();
        assertThat(s.applicationId()).isEqualTo("docstream-crdt-processor");
        assertThat(s.replicationFactor()).isEqualTo((short) 1);
        assertThat(s.redisUri()).isEqualTo("redis://127.0.0.1:6379");
        assertThat(s.gatewayTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.drainTimeout()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void optionsTakeBothForms() {
        PartitionGrowth.Settings s = GrowPartitionsCli.parse(new String[] {"--partitions=12", "--topic-prefix", "t-",
                "--application-id=app", "--replication-factor", "3", "--drain-timeout", "500ms", "--gateway-timeout=2m"});
        assertThat(s.partitions()).isEqualTo(12);
        assertThat(s.topicPrefix()).isEqualTo("t-");
        assertThat(s.applicationId()).isEqualTo("app");
        assertThat(s.replicationFactor()).isEqualTo((short) 3);
        assertThat(s.drainTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(s.gatewayTimeout()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void badOptionsAreNamed() {
        assertThatThrownBy(() -> GrowPartitionsCli.parse(new String[] {})).hasMessageContaining("--partitions N is required");
        assertThatThrownBy(() -> GrowPartitionsCli.parse(new String[] {"--partitions", "0"})).hasMessageContaining("between 1");
        assertThatThrownBy(() -> GrowPartitionsCli.parse(new String[] {"--partitons", "4"})).hasMessageContaining("unknown option --partitons");
        assertThatThrownBy(() -> GrowPartitionsCli.parse(new String[] {"--partitions"})).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> GrowPartitionsCli.parse(new String[] {"4"})).hasMessageContaining("expected --option");
    }

    /** State must land where the gateways' producers will send the document's ops. */
    @Test
    void statePartitionIsTheProducersPartition() {
        Random random = new Random(7);
        for (int i = 0; i < 2_000; i++) {
            String doc = java.util.UUID.nameUUIDFromBytes(Long.toString(random.nextLong()).getBytes()).toString();
            int n = 1 + random.nextInt(64);
            assertThat(PartitionGrowth.partitionFor(doc, n))
                    .isEqualTo(BuiltInPartitioner.partitionForKey(doc.getBytes(StandardCharsets.UTF_8), n));
        }
    }
}
