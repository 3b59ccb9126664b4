package io.docstream.processor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.docstream.processor.KafkaSettings;
import io.docstream.processor.ProcessorSettings;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsConfigFactoryTest {

    @Test
    void exactlyOnceWithAShortCommitIntervalAndDurableProducers() {
        Properties p = StreamsConfigFactory.build(new KafkaSettings("k:9092", ""),
                ProcessorSettings.defaults().withOverrides(Map.of("producer.linger.ms", "1")));
        StreamsConfig config = new StreamsConfig(p);
        assertThat(config.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(config.getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(20L);
        assertThat(config.getLong(StreamsConfig.POLL_MS_CONFIG)).isEqualTo(10L);
        assertThat(config.getInt(StreamsConfig.REPLICATION_FACTOR_CONFIG)).isEqualTo(1);
        assertThat(config.getString(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("docstream-crdt-processor");
        Map<String, Object> producer = config.getProducerConfigs("client");
        assertThat(producer.get("acks")).isEqualTo("all");
        assertThat(producer.get("linger.ms")).isEqualTo("1");
        assertThat(config.getMainConsumerConfigs("g", "c", 0).get("session.timeout.ms")).isEqualTo(10_000);
        assertThat(config.getMainConsumerConfigs("g", "c", 0).get("isolation.level")).isEqualTo("read_committed");
    }
}
