package io.docstream.gateway.testsupport;

import io.docstream.protocol.RedisChannels;
import io.docstream.testsupport.KafkaTestBroker;
import io.docstream.testsupport.PostgresTestDatabase;
import io.docstream.testsupport.TestRedis;
import io.docstream.topics.Topics;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The services one gateway test class runs against: a fresh migrated database, fresh Kafka topics
 * on the embedded broker and a fresh Redis channel prefix. Create one per test class (static),
 * register it in {@code @DynamicPropertySource}. Its database is dropped at JVM exit (after the
 * Spring contexts using it are closed).
 */
public final class GatewayTestEnvironment implements AutoCloseable {

    /** REST requests per minute per IP; tests other than the rate-limit test must not hit it. */
    private final long restCapacity;

    public GatewayTestEnvironment() {
        this(1_000_000);
    }

    public GatewayTestEnvironment(long restCapacity) {
        this.restCapacity = restCapacity;
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "drop-test-db"));
    }

    public final PostgresTestDatabase db = PostgresTestDatabase.create();
    public final Topics topics = KafkaTestBroker.freshTopics(3);
    public final String topicPrefix = topics.docEvents().name().substring(0, topics.docEvents().name().length() - "doc-events".length());
    public final RedisChannels channels = TestRedis.freshChannels();

    public void register(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", db::jdbcUrl);
        registry.add("spring.datasource.username", db::user);
        registry.add("spring.datasource.password", () -> "");
        registry.add("spring.kafka.bootstrap-servers", KafkaTestBroker::bootstrapServers);
        registry.add("docstream.kafka.bootstrap-servers", KafkaTestBroker::bootstrapServers);
        registry.add("docstream.kafka.topic-prefix", () -> topicPrefix);
        registry.add("docstream.redis.uri", () -> TestRedis.URI);
        registry.add("docstream.redis.channel-prefix", channels::prefix);
        registry.add("docstream.outbox.poll-interval", () -> "200ms");
        registry.add("docstream.edge.rate-limit.rest-capacity", () -> Long.toString(restCapacity));
    }

    @Override
    public void close() {
        db.close();
    }
}
