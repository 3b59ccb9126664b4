package io.docstream.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.docstream.pipeline.PipelineGeneration;
import io.docstream.processor.migration.PartitionGrowth;
import io.docstream.protocol.RedisChannels;
import io.docstream.testsupport.KafkaTestBroker;
import io.lettuce.core.RedisClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An operator grows {@code doc-ops-in} from 2 to 4 partitions while clients on two gateways keep
 * typing into several documents and two processor instances run: no op is lost or duplicated (every
 * document's log is seq 1..n exactly), every client converges, seqs continue where they were (the
 * per-document state moved with its document), and the new generation keeps working when
 * instances come and go. The first run is interrupted by a live gateway that never switches and
 * is finished by running the tool again.
 */
class PartitionGrowthIT {

    static TestStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = TestStack.start(2, 50, List.of(), Map.of());
    }

    @AfterAll
    static void stop() {
        TestStack.stop(stack);
    }

    private static PartitionGrowth.Settings grow(int partitions) {
        return grow(partitions, Duration.ofSeconds(30));
    }

    private static PartitionGrowth.Settings grow(int partitions, Duration gatewayTimeout) {
        return new PartitionGrowth.Settings(KafkaTestBroker.bootstrapServers(), stack.topicPrefix, stack.appId,
                partitions, (short) 1, "redis://127.0.0.1:6379", stack.redisPrefix, gatewayTimeout,
                Duration.ofSeconds(90));
    }

    @Test
    void growingThePartitionCountUnderLoadLosesNothing() throws Exception {
        long seed = System.nanoTime();
        System.out.println("PartitionGrowthIT seed=" + seed);
        Process p1 = stack.startProcessor("p1");
        stack.startProcessor("p2");
        try (TypingSession session = new TypingSession(stack, seed, 6, 2, "grow")) {
            session.typeRound(10);
            session.settle();

            AtomicBoolean typing = new AtomicBoolean(true);
            CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
                while (typing.get()) {
                    session.typeRound(1);
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100)); // the typing rate, not a wait
                }
            });
            ByteArrayOutputStream progress = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(progress, true, StandardCharsets.UTF_8);
            PartitionGrowth.Result result;
            RedisChannels channels = new RedisChannels(stack.redisPrefix);
            RedisClient redisClient = RedisClient.create("redis://127.0.0.1:6379");
            try (var redis = redisClient.connect()) {
                // a live gateway that never switches (say, cut off from Kafka) stops the first run ...
                redis.sync().zadd(channels.gatewaysKey(), System.currentTimeMillis() + 600_000, "gw-ghost");
                try (PartitionGrowth first = new PartitionGrowth(grow(4, Duration.ofSeconds(2)), out)) {
                    assertThatThrownBy(first::run).hasMessageContaining("gateways [gw-ghost]")
                            .hasMessageContaining("run the tool again to resume");
                }
                // ... and once it is gone, running the tool again finishes the move
                redis.sync().zrem(channels.gatewaysKey(), "gw-ghost");
                try (PartitionGrowth growth = new PartitionGrowth(grow(4), out)) {
                    result = growth.run();
                }
            } finally {
                redisClient.shutdown();
                System.out.print(progress.toString(StandardCharsets.UTF_8));
            }
            System.out.println(result.line());
            assertThat(progress.toString(StandardCharsets.UTF_8)).contains("resuming the move to generation 2 at SWITCHING");
            long atSwitch = session.sent();
            await().until(() -> session.sent() > atSwitch + 100); // typing goes on into generation 2
            typing.set(false);
            load.get(30, TimeUnit.SECONDS);

            assertThat(result.fromGeneration()).isEqualTo(1);
            assertThat(result.toGeneration()).isEqualTo(2);
            assertThat(result.fromPartitions()).isEqualTo(2);
            assertThat(result.toPartitions()).isEqualTo(4);
            assertThat(result.documents()).isGreaterThanOrEqualTo(6);
            assertThat(result.stateRecords()).isGreaterThan(0);
            assertThat(result.catchUpMs()).isNotNegative();
            assertThat(result.line()).startsWith("grow-partitions: ok generation=2 partitions=4 from_partitions=2 ");

            session.settle();
            session.assertConvergedOnTheLog();
            String newInput = PipelineGeneration.inputTopic(stack.topics.docOpsIn().name(), 2);
            assertThat(endOffsets(newInput)).hasSize(4);
            assertThat(endOffsets(newInput).values().stream().mapToLong(Long::longValue).sum()).isPositive();

            // the move is done: the same count again is refused, the state is left as it is
            try (PartitionGrowth again = new PartitionGrowth(grow(4), new PrintStream(new ByteArrayOutputStream()))) {
                assertThatThrownBy(again::run).hasMessageContaining("already has 4 partitions");
            }

            // generation 2 under churn: a new instance joins it straight away, an old one leaves
            stack.startProcessor("p3");
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> stack.processorLog("p3").contains("generation 2, input " + newInput));
            session.typeRound(10);
            p1.destroy();
            assertThat(p1.waitFor(60, TimeUnit.SECONDS)).isTrue();
            session.typeRound(10);
            session.settle();
            session.assertConvergedOnTheLog();
        }
    }

    private static Map<TopicPartition, Long> endOffsets(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers()))) {
            int n = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> spec = new HashMap<>();
            for (int i = 0; i < n; i++) {
                spec.put(new TopicPartition(topic, i), OffsetSpec.latest());
            }
            Map<TopicPartition, Long> out = new HashMap<>();
            admin.listOffsets(spec).all().get().forEach((tp, info) -> out.put(tp, info.offset()));
            return out;
        }
    }
}
