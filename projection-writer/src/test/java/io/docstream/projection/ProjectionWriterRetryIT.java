package io.docstream.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.docstream.crdt.Op;
import io.docstream.crdt.Rga;
import io.docstream.projection.writer.ProjectionHealthIndicator;
import io.docstream.projection.writer.ProjectionMetrics;
import io.docstream.protocol.CanonicalOp;
import io.docstream.protocol.IndexView;
import io.docstream.protocol.WireOp;
import io.docstream.testsupport.KafkaTestBroker;
import io.docstream.testsupport.PostgresTestDatabase;
import io.docstream.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A batch whose transaction fails AFTER the replicas advanced (the snapshot UPDATE is made to fail)
 * is rolled back, reported DOWN, and retried from the same offsets once the database recovers:
 * every seq is logged once and the snapshot that fell due in the failed batch is still written.
 */
class ProjectionWriterRetryIT {

    private static PostgresTestDatabase db;
    private static JdbcTemplate jdbc;
    private static Topics topics;
    private static ConfigurableApplicationContext writer;

    @BeforeAll
    static void setUp() {
        db = PostgresTestDatabase.create();
        jdbc = new JdbcTemplate(db.dataSource());
        topics = KafkaTestBroker.freshTopics(1);
        jdbc.execute("CREATE TABLE block_snapshots (x int)");
        jdbc.execute("""
                CREATE FUNCTION fail_if_blocked() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF EXISTS (SELECT 1 FROM block_snapshots) THEN RAISE EXCEPTION 'snapshots blocked by the test'; END IF;
                  RETURN NEW;
                END $$""");
        jdbc.execute("CREATE TRIGGER documents_blocked BEFORE UPDATE ON documents FOR EACH ROW EXECUTE FUNCTION fail_if_blocked()");
        writer = new SpringApplicationBuilder(ProjectionApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=" + db.jdbcUrl(),
                "--spring.datasource.username=" + db.user(),
                "--spring.datasource.password=",
                "--docstream.kafka.bootstrap-servers=" + KafkaTestBroker.bootstrapServers(),
                "--docstream.kafka.topic-prefix=" + KafkaTestBroker.prefixOf(topics),
                "--docstream.projection.group-id=retry-it",
                "--docstream.projection.snapshot-every=10",
                "--docstream.projection.poll-timeout=100ms",
                "--docstream.projection.retry-backoff=50ms",
                "--docstream.projection.max-retry-backoff=200ms");
    }

    @AfterAll
    static void tearDown() {
        if (writer != null) {
            writer.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void failedBatchIsRetriedWithoutLossDuplicateOrMissedSnapshot() {
        UUID owner = UUID.randomUUID();
        UUID doc = UUID.randomUUID();
        jdbc.update("INSERT INTO users (id, email, display_name, password_hash) VALUES (?, ?, 'O', 'x')", owner, owner + "@x.test");
        jdbc.update("INSERT INTO documents (id, title, owner_id) VALUES (?, 'retry', ?)", doc, owner);
        Rga canonical = new Rga();
        Rga client = new Rga();
        List<String> texts = new ArrayList<>(List.of(""));
        List<CanonicalOp> ops = new ArrayList<>();
        for (int seq = 1; seq <= 25; seq++) {
            Op op = seq % 4 == 0 ? client.delete(0, 1) : client.insert(5, client.length(), "x" + seq);
            IndexView view = IndexView.of(canonical.apply(op));
            ops.add(new CanonicalOp(doc.toString(), seq, owner.toString(), 5, seq, "gw", WireOp.of(op), view, 0, 0));
            texts.add(canonical.text());
        }
        ProjectionMetrics metrics = writer.getBean(ProjectionMetrics.class);
        ProjectionHealthIndicator health = writer.getBean(ProjectionHealthIndicator.class);

        produce(ops.subList(0, 5));
        await().atMost(Duration.ofSeconds(30)).until(() -> count(doc) == 5);

        jdbc.update("INSERT INTO block_snapshots VALUES (1)");
        produce(ops.subList(5, 25));
        await().atMost(Duration.ofSeconds(30)).until(() -> metrics.batchFailures() >= 2);
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(count(doc)).as("no batch holding a snapshot boundary committed").isLessThan(10);

        jdbc.update("DELETE FROM block_snapshots");
        await().atMost(Duration.ofSeconds(30)).until(() -> count(doc) == 25);
        assertThat(jdbc.queryForObject("SELECT count(DISTINCT seq) FROM ops_log WHERE doc_id = ?", Long.class, doc))
                .isEqualTo(25);
        Map<String, Object> row = jdbc.queryForMap("SELECT snapshot, snapshot_seq FROM documents WHERE id = ?", doc);
        assertThat(row.get("snapshot_seq")).isEqualTo(20L);
        assertThat(Rga.decode((byte[]) row.get("snapshot")).text()).isEqualTo(texts.get(20));
        await().atMost(Duration.ofSeconds(10)).until(() -> health.health().getStatus().equals(Status.UP));
    }

    private static long count(UUID doc) {
        Long n = jdbc.queryForObject("SELECT count(*) FROM ops_log WHERE doc_id = ?", Long.class, doc);
        return n == null ? 0 : n;
    }

    private static void produce(List<CanonicalOp> ops) {
        try (KafkaProducer<String, CanonicalOp> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "retry-it-" + UUID.randomUUID()),
                topics.docOps().keySerde().serializer(), topics.docOps().valueSerde().serializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (CanonicalOp op : ops) {
                producer.send(new ProducerRecord<>(topics.docOps().name(), op.docId(), op));
            }
            producer.commitTransaction();
        }
    }
}
