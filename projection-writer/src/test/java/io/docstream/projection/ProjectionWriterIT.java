package io.docstream.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.docstream.crdt.Change;
import io.docstream.crdt.Op;
import io.docstream.crdt.Rga;
import io.docstream.projection.replay.DocumentHistory;
import io.docstream.projection.replay.ReplayCli;
import io.docstream.projection.writer.ProjectionMetrics;
import io.docstream.protocol.CanonicalOp;
import io.docstream.protocol.IndexView;
import io.docstream.protocol.WireOp;
import io.docstream.testsupport.KafkaTestBroker;
import io.docstream.testsupport.PostgresTestDatabase;
import io.docstream.topics.Topics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The writer against a real broker and PostgreSQL: canonical ops built with real RGA replicas
 * are produced transactionally (plus one aborted transaction) for several documents; the writer
 * logs every seq exactly once, writes snapshots every N ops, and re-reading the topic with a new
 * consumer group adds nothing. The log then rebuilds every document at any seq.
 */
class ProjectionWriterIT {

    private static final int SNAPSHOT_EVERY = 10;
    private static final int[] OPS_PER_DOC = {57, 40, 23, 31};
    private static final long SEED = new Random().nextLong();

    private static PostgresTestDatabase db;
    private static JdbcTemplate jdbc;
    private static Topics topics;
    private static ConfigurableApplicationContext writer;
    private static final List<UUID> docs = new ArrayList<>();
    /** Text of each document after each seq (index 0 = empty). */
    private static final Map<UUID, List<String>> texts = new LinkedHashMap<>();
    private static UUID orphanDoc;
    private static int total;

    @BeforeAll
    static void produceAndProject() {
        System.out.println("ProjectionWriterIT seed " + SEED);
        db = PostgresTestDatabase.create();
        jdbc = new JdbcTemplate(db.dataSource());
        topics = KafkaTestBroker.freshTopics(3);

        UUID owner = UUID.randomUUID();
        jdbc.update("INSERT INTO users (id, email, display_name, password_hash) VALUES (?, ?, 'Owner', 'x')",
                owner, owner + "@example.com");
        Random rnd = new Random(SEED);
        List<List<CanonicalOp>> perDoc = new ArrayList<>();
        for (int d = 0; d < OPS_PER_DOC.length; d++) {
            UUID doc = UUID.randomUUID();
            docs.add(doc);
            boolean orphan = d == OPS_PER_DOC.length - 1; // ops, but no documents row (deleted)
            if (orphan) {
                orphanDoc = doc;
            } else {
                jdbc.update("INSERT INTO documents (id, title, owner_id) VALUES (?, ?, ?)", doc, "doc " + d, owner);
            }
            perDoc.add(edits(doc, owner, OPS_PER_DOC[d], rnd));
            total += OPS_PER_DOC[d];
        }

        try (KafkaProducer<String, CanonicalOp> producer = producer()) {
            producer.initTransactions();
            int round = 0;
            int max = OPS_PER_DOC[0];
            for (int from = 0; from < max; from += 15, round++) {
                producer.beginTransaction();
                for (int d = 0; d < perDoc.size(); d++) {
                    List<CanonicalOp> ops = perDoc.get(d);
                    for (int i = from; i < Math.min(from + 15, ops.size()); i++) {
                        producer.send(new ProducerRecord<>(topics.docOps().name(), ops.get(i).docId(), ops.get(i)));
                    }
                }
                producer.commitTransaction();
                if (round == 1) {
                    // a transaction that aborts: read_committed readers never see its op
                    producer.beginTransaction();
                    CanonicalOp ghost = perDoc.get(0).get(0);
                    producer.send(new ProducerRecord<>(topics.docOps().name(), ghost.docId(),
                            new CanonicalOp(ghost.docId(), 10_000, ghost.userId(), ghost.site(), 99, "gw-ghost",
                                    ghost.op(), ghost.index(), 0, 0)));
                    producer.flush();
                    producer.abortTransaction();
                }
            }
        }
        writer = startWriter("projection-it-" + UUID.randomUUID());
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(count("SELECT count(*) FROM ops_log")).isEqualTo(total));
    }

    @AfterAll
    static void stop() {
        if (writer != null) {
            writer.close();
        }
        if (db != null) {
            db.close();
        }
    }

    /** Edits by two sites on their own replicas, integrated by a canonical replica as the processor does. */
    private static List<CanonicalOp> edits(UUID doc, UUID user, int count, Random rnd) {
        Rga canonical = new Rga();
        Rga[] clients = {new Rga(), new Rga()};
        int[] sites = {11, 12};
        long[] clientSeq = new long[2];
        List<String> history = new ArrayList<>();
        history.add("");
        List<CanonicalOp> ops = new ArrayList<>();
        String[] words = {"a", "bc", "déf", "😀", "ghi ", "\n", "e\u0301"};
        for (long seq = 1; seq <= count; seq++) {
            int c = rnd.nextInt(2);
            Rga client = clients[c];
            Op op;
            int len = client.length();
            if (len == 0 || rnd.nextInt(10) < 7) {
                op = client.insert(sites[c], rnd.nextInt(len + 1), words[rnd.nextInt(words.length)]);
            } else {
                int at = rnd.nextInt(len);
                op = client.delete(at, 1 + rnd.nextInt(Math.min(4, len - at)));
            }
            Change change = canonical.apply(op);
            clients[1 - c].apply(op);
            ops.add(new CanonicalOp(doc.toString(), seq, user.toString(), sites[c], ++clientSeq[c], "gw-it",
                    WireOp.of(op), IndexView.of(change), 1_000L, 2_000L));
            history.add(canonical.text());
        }
        texts.put(doc, history);
        return ops;
    }

    private static KafkaProducer<String, CanonicalOp> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "projection-it-" + UUID.randomUUID()),
                topics.docOps().keySerde().serializer(), topics.docOps().valueSerde().serializer());
    }

    private static ConfigurableApplicationContext startWriter(String groupId) {
        String prefix = KafkaTestBroker.prefixOf(topics);
        return new SpringApplicationBuilder(ProjectionApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=" + db.jdbcUrl(),
                "--spring.datasource.username=" + db.user(),
                "--spring.datasource.password=",
                "--docstream.kafka.bootstrap-servers=" + KafkaTestBroker.bootstrapServers(),
                "--docstream.kafka.topic-prefix=" + prefix,
                "--docstream.projection.group-id=" + groupId,
                "--docstream.projection.snapshot-every=" + SNAPSHOT_EVERY,
                "--docstream.projection.max-batch-size=37",
                "--docstream.projection.poll-timeout=100ms");
    }

    private static long count(String sql, Object... args) {
        Long n = jdbc.queryForObject(sql, Long.class, args);
        return n == null ? 0 : n;
    }

    @Test
    void everyDocumentHasEachSeqOnceWithoutGaps() {
        for (int d = 0; d < docs.size(); d++) {
            UUID doc = docs.get(d);
            int n = OPS_PER_DOC[d];
            assertThat(count("SELECT count(*) FROM ops_log WHERE doc_id = ?", doc)).isEqualTo(n);
            assertThat(count("SELECT count(DISTINCT seq) FROM ops_log WHERE doc_id = ?", doc)).isEqualTo(n);
            assertThat(count("SELECT min(seq) FROM ops_log WHERE doc_id = ?", doc)).isEqualTo(1);
            assertThat(count("SELECT max(seq) FROM ops_log WHERE doc_id = ?", doc)).isEqualTo(n);
        }
        assertThat(count("SELECT count(*) FROM ops_log WHERE op_id = '11:99' OR op_id = '12:99'"))
                .as("the op of the aborted transaction").isZero();
        // row columns come from the canonical op
        Map<String, Object> row = jdbc.queryForMap(
                "SELECT op_id, site, kind, user_id, payload->>'docId' AS doc, (payload->>'seq')::bigint AS seq,"
                        + " payload->'op'->>'kind' AS opkind FROM ops_log WHERE doc_id = ? AND seq = 1", docs.get(0));
        assertThat(row.get("doc")).isEqualTo(docs.get(0).toString());
        assertThat(row.get("seq")).isEqualTo(1L);
        assertThat(row.get("kind")).isEqualTo(row.get("opkind"));
        assertThat(row.get("op_id")).isEqualTo(row.get("site") + ":1");
        assertThat(writer.getBean(ProjectionMetrics.class).applyFailures()).isZero();
        assertThat(writer.getBean(ProjectionMetrics.class).recordsRejected()).isZero();
    }

    @Test
    void snapshotEveryNOpsHoldsTheTextAtItsSeq() {
        for (int d = 0; d < docs.size(); d++) {
            UUID doc = docs.get(d);
            if (doc.equals(orphanDoc)) {
                continue;
            }
            long expectedSeq = (long) (OPS_PER_DOC[d] / SNAPSHOT_EVERY) * SNAPSHOT_EVERY;
            Map<String, Object> row = jdbc.queryForMap("SELECT snapshot, snapshot_seq FROM documents WHERE id = ?", doc);
            assertThat(row.get("snapshot_seq")).isEqualTo(expectedSeq);
            String text = Rga.decode((byte[]) row.get("snapshot")).text();
            assertThat(text).as("doc %d seed %d", d, SEED).isEqualTo(texts.get(doc).get((int) expectedSeq));
        }
        assertThat(count("SELECT count(*) FROM documents WHERE id = ?", orphanDoc)).isZero();
        int expectedSnapshots = 0;
        for (int d = 0; d < docs.size() - 1; d++) {
            expectedSnapshots += OPS_PER_DOC[d] / SNAPSHOT_EVERY; // at most one per doc per batch...
        }
        assertThat(writer.getBean(ProjectionMetrics.class).snapshotsWritten())
                .isBetween((double) docs.size() - 1, (double) expectedSnapshots);
    }

    @Test
    void historyRebuildsEveryDocumentAtAnySeq() {
        DocumentHistory history = new DocumentHistory(db.dataSource());
        for (int d = 0; d < docs.size(); d++) {
            UUID doc = docs.get(d);
            List<String> expected = texts.get(doc);
            int n = OPS_PER_DOC[d];
            for (int seq : new int[] {0, 1, 2, SNAPSHOT_EVERY, n / 2, n - 1, n}) {
                assertThat(history.textAt(doc, seq)).as("doc %d seq %d seed %d", d, seq, SEED)
                        .isEqualTo(expected.get(seq));
            }
            assertThat(history.latestSeq(doc)).isEqualTo(n);
            assertThatThrownBy(() -> history.textAt(doc, n + 1)).isInstanceOf(NoSuchElementException.class);
        }
    }

    @Test
    void replayCliPrintsTheTextFromTheLog() {
        UUID doc = docs.get(0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = Map.of("DOCSTREAM_DB_URL", db.jdbcUrl(), "DOCSTREAM_DB_USER", db.user());

        int code = ReplayCli.run(new String[] {doc.toString(), "33"}, env,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(texts.get(doc).get(33));
        out.reset();
        assertThat(ReplayCli.run(new String[] {doc.toString(), "latest"}, env,
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(texts.get(doc).get(OPS_PER_DOC[0]));
        assertThat(ReplayCli.run(new String[] {doc.toString(), "9999"}, env, System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8))).isEqualTo(1);
    }

    @Test
    void reReadingTheTopicWithANewGroupAddsNoRow() {
        String before = jdbc.queryForObject("SELECT string_agg(snapshot_seq::text, ',' ORDER BY id) FROM documents",
                String.class);
        try (ConfigurableApplicationContext replay = startWriter("projection-replay-" + UUID.randomUUID())) {
            ProjectionMetrics metrics = replay.getBean(ProjectionMetrics.class);
            await().atMost(Duration.ofSeconds(60)).until(() -> metrics.opsDuplicate() >= total);
            assertThat(metrics.opsDuplicate()).isEqualTo(total);
            assertThat(metrics.opsWritten()).isZero();
            assertThat(metrics.applyFailures()).isZero();
        }
        assertThat(count("SELECT count(*) FROM ops_log")).isEqualTo(total);
        assertThat(jdbc.queryForObject("SELECT string_agg(snapshot_seq::text, ',' ORDER BY id) FROM documents",
                String.class)).isEqualTo(before);
    }

    @Test
    void readinessReportsTheConsumerAndTheDatabase() throws Exception {
        String port = writer.getEnvironment().getProperty("local.server.port");
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"projectionConsumer\"").contains("\"db\"").contains("\"UP\"");
    }
}
