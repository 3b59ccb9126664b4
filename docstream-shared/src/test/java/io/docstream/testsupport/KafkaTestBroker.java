package io.docstream.testsupport;

import io.docstream.topics.Topic;
import io.docstream.topics.Topics;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * One real KRaft broker per test JVM (spring-kafka-test's embedded broker), configured for
 * exactly-once on a single node. Tests get fresh topics through {@link #freshTopics(int)}.
 */
public final class KafkaTestBroker {

    private static EmbeddedKafkaKraftBroker broker;

    private KafkaTestBroker() {}

    public static synchronized String bootstrapServers() {
        if (broker == null) {
            EmbeddedKafkaKraftBroker b = new EmbeddedKafkaKraftBroker(1, 1);
            b.brokerProperties(Map.of(
                    "transaction.state.log.replication.factor", "1",
                    "transaction.state.log.min.isr", "1",
                    "offsets.topic.replication.factor", "1",
                    "group.initial.rebalance.delay.ms", "0",
                    "auto.create.topics.enable", "false"));
            b.afterPropertiesSet();
            broker = b;
            Runtime.getRuntime().addShutdownHook(new Thread(b::destroy, "embedded-kafka-stop"));
        }
        return broker.getBrokersAsString();
    }

    /** Creates every registry topic under a fresh random prefix, each with {@code partitions}. */
    public static Topics freshTopics(int partitions) {
        Topics topics = Topics.withPrefix("t" + UUID.randomUUID().toString().substring(0, 8) + "-");
        createTopics(topics.all().stream().map(Topic::name).toList(), partitions);
        createTopics(List.of(topics.pipelineControl().name()), 1);
        return topics;
    }

    /** The prefix under which {@code topics} were created (the value of docstream.kafka.topic-prefix). */
    public static String prefixOf(Topics topics) {
        String n = topics.docOpsIn().name();
        return n.substring(0, n.length() - "doc-ops-in".length());
    }

    public static void createTopics(List<String> names, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.createTopics(names.stream().map(n -> new NewTopic(n, partitions, (short) 1)).toList()).all().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("topic creation failed", e.getCause());
        }
    }
}
