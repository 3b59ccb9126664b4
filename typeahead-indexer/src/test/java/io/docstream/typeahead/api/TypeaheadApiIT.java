package io.docstream.typeahead.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.docstream.auth.AccessTokens;
import io.docstream.protocol.DocumentEvent;
import io.docstream.protocol.Json;
import io.docstream.testsupport.KafkaTestBroker;
import io.docstream.testsupport.PostgresTestDatabase;
import io.docstream.topics.Topics;
import io.docstream.typeahead.ingest.TopicWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The whole service over HTTP: real Kafka, the local PostgreSQL, bearer tokens. Includes the
 * no-leak test: almost every candidate title is forbidden to the caller.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TypeaheadApiIT {

    private static final PostgresTestDatabase DB = PostgresTestDatabase.create();
    private static final Topics TOPICS = KafkaTestBroker.freshTopics(3);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static final UUID ALICE = UUID.randomUUID();
    static final UUID BOB = UUID.randomUUID();
    static final UUID CAROL = UUID.randomUUID();
    static String aliceToken;
    static String carolToken;
    static final Set<String> ALICE_DOCS = new HashSet<>();
    static final List<String> BOB_DOCS = new ArrayList<>();
    static final int FORBIDDEN = 1500; // more than the candidate pool cap (1000)

    @LocalServerPort
    int port;

    private static final String CHECKPOINT_DIR;

    static {
        try {
            CHECKPOINT_DIR = Files.createTempDirectory("typeahead-api").toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("spring.datasource.url", DB::jdbcUrl);
        r.add("spring.datasource.username", DB::user);
        r.add("docstream.kafka.bootstrap-servers", KafkaTestBroker::bootstrapServers);
        r.add("docstream.kafka.topic-prefix", () -> TOPICS.docEvents().name().replace("doc-events", ""));
        r.add("docstream.typeahead.checkpoint-dir", () -> CHECKPOINT_DIR);
    }

    @BeforeAll
    static void seed() throws Exception {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        try (Connection c = DB.dataSource().getConnection()) {
            user(c, ALICE, "Alice Martin", "alice@example.com");
            user(c, BOB, "Bob Stone", "bob@example.com");
            user(c, CAROL, "Carol Danvers", "carol@example.com");
            aliceToken = token(c, ALICE);
            carolToken = token(c, CAROL);
            try (TopicWriter w = new TopicWriter(TOPICS)) {
                // Bob's documents are newer, so they outrank Alice's for every shared word
                for (int i = 0; i < FORBIDDEN; i++) {
                    String id = UUID.randomUUID().toString();
                    BOB_DOCS.add(id);
                    doc(c, id, "Design review " + i, BOB, BOB, "owner");
                    w.event(TopicWriter.event(DocumentEvent.CREATED, id, "Design review " + i, BOB.toString(), "owner",
                            1_750_000_000_000L + rnd.nextInt(1_000_000) * 1000L));
                }
                for (int i = 0; i < 7; i++) {
                    String id = UUID.randomUUID().toString();
                    ALICE_DOCS.add(id);
                    doc(c, id, "Design notes " + i, BOB, ALICE, i % 2 == 0 ? "viewer" : "editor");
                    grant(c, id, CAROL, "viewer");
                    w.event(TopicWriter.event(DocumentEvent.CREATED, id, "Design notes " + i, BOB.toString(), "owner",
                            1_700_000_000_000L + i * 1000L));
                }
                w.flush();
            }
        }
    }

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

    @Test
    void titleSearchNeverLeaksAForbiddenTitleAndFindsAllOfTheCallersMatches() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> titles(aliceToken, "design", 50).size() == ALICE_DOCS.size());
        for (String q : List.of("design", "des", "DESIGN n", "desgin", "notes")) {
            List<String> ids = titles(aliceToken, q, 50);
            assertThat(ids).as(q).containsExactlyInAnyOrderElementsOf(ALICE_DOCS);
        }
        assertThat(titles(aliceToken, "review", 10)).as("every review document is Bob's").isEmpty();
        assertThat(titles(aliceToken, "design", 3)).hasSize(3).allMatch(ALICE_DOCS::contains);
        // a user with access to nothing sees nothing
        try (Connection c = DB.dataSource().getConnection()) {
            UUID dave = UUID.randomUUID();
            user(c, dave, "Dave", "dave@example.com");
            assertThat(titles(token(c, dave), "design", 50)).isEmpty();
        }
    }

    @Test
    void readinessWaitsForTheReplayAndReportsTheProjection() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> actuator("/actuator/health/readiness").statusCode() == 200);
        JsonNode health = json(actuator("/actuator/health"));
        assertThat(health.get("status").asString()).isEqualTo("UP");
        HttpResponse<String> metrics = actuator("/actuator/prometheus");
        assertThat(metrics.body()).contains("typeahead_ingest_records_total", "typeahead_titles_documents");
    }

    /** Prints (does not assert: tests never depend on speed) the end-to-end latency over loopback. */
    @Test
    void measuresTitleSearchLatencyOverHttp() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> titles(aliceToken, "design", 10).size() == ALICE_DOCS.size());
        latency("few candidates (1 permission round)", new String[] {"notes", "design n", "note"});
        latency("1500 forbidden candidates (7 widening rounds + own-documents round)", new String[] {"des", "design", "desgin", "review"});
    }

    private void latency(String label, String[] qs) throws Exception {
        for (int i = 0; i < 60; i++) {
            get("/titles?q=" + enc(qs[i % qs.length]), aliceToken);
        }
        double[] before = serverTime();
        long[] ns = new long[300];
        for (int i = 0; i < ns.length; i++) {
            long t = System.nanoTime();
            HttpResponse<String> r = get("/titles?q=" + enc(qs[i % qs.length]) + "&limit=10", aliceToken);
            ns[i] = System.nanoTime() - t;
            assertThat(r.statusCode()).isEqualTo(200);
        }
        java.util.Arrays.sort(ns);
        double[] after = serverTime();
        System.out.printf(java.util.Locale.ROOT, "title search over HTTP, %s: client p50 %.2f ms, p99 %.2f ms; server mean %.2f ms%n",
                label, ns[ns.length / 2] / 1e6, ns[(int) (ns.length * 0.99)] / 1e6,
                (after[1] - before[1]) * 1000 / (after[0] - before[0]));
    }

    /** {count, total seconds} of http.server.requests for the titles endpoint. */
    private double[] serverTime() throws Exception {
        JsonNode m = json(actuator("/actuator/metrics/http.server.requests?tag=uri:/api/typeahead/titles"));
        double count = 0;
        double total = 0;
        for (JsonNode x : m.get("measurements")) {
            if (x.get("statistic").asString().equals("COUNT")) {
                count = x.get("value").asDouble();
            } else if (x.get("statistic").asString().equals("TOTAL_TIME")) {
                total = x.get("value").asDouble();
            }
        }
        return new double[] {count, total};
    }

    @Test
    void wordsCompleteFromTheLiveTextAndRequireARole() throws Exception {
        String doc = ALICE_DOCS.iterator().next();
        try (TopicWriter w = new TopicWriter(TOPICS)) {
            w.insert(doc, 1, 0, "hello world, wonderful world");
            w.flush();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> get("/documents/" + doc + "/words?q=wo", aliceToken).statusCode() == 200
                && json(get("/documents/" + doc + "/words?q=wo", aliceToken)).get("results").size() == 2);
        JsonNode r = json(get("/documents/" + doc + "/words?q=wo&limit=5", aliceToken)).get("results");
        assertThat(r.get(0).get("word").asString()).isEqualTo("world");
        assertThat(r.get(0).get("score").asInt()).isEqualTo(2);
        assertThat(r.get(1).get("word").asString()).isEqualTo("wonderful");

        assertError(get("/documents/" + BOB_DOCS.get(0) + "/words?q=wo", aliceToken), 404, "NOT_FOUND");
        assertError(get("/documents/not-a-uuid/words?q=wo", aliceToken), 404, "NOT_FOUND");
        assertError(get("/documents/" + UUID.randomUUID() + "/mentions", aliceToken), 404, "NOT_FOUND");
    }

    @Test
    void mentionsRankByRecordedSelections() throws Exception {
        String doc = ALICE_DOCS.iterator().next();
        JsonNode before = json(get("/documents/" + doc + "/mentions?q=", aliceToken)).get("results");
        assertThat(before).hasSize(3); // Alice, Bob (owner) and Carol have a role on it
        assertThat(json(get("/documents/" + doc + "/mentions?q=car", aliceToken)).get("results").get(0).get("userId").asString())
                .isEqualTo(CAROL.toString());

        HttpResponse<String> accepted = post("/documents/" + doc + "/mentions/selections", aliceToken,
                "{\"userId\":\"" + CAROL + "\"}");
        assertThat(accepted.statusCode()).isEqualTo(202);
        post("/documents/" + doc + "/mentions/selections", carolToken, "{\"userId\":\"" + CAROL + "\"}");
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode top = json(get("/documents/" + doc + "/mentions", aliceToken)).get("results").get(0);
            return top.get("userId").asString().equals(CAROL.toString()) && top.get("score").asInt() == 2;
        });

        assertError(post("/documents/" + doc + "/mentions/selections", aliceToken, "{\"userId\":\"" + UUID.randomUUID() + "\"}"),
                400, "INVALID_MESSAGE");
        assertError(post("/documents/" + doc + "/mentions/selections", aliceToken, "{\"userId\":"), 400, "MALFORMED_JSON");
        assertError(post("/documents/" + doc + "/mentions/selections", aliceToken, "{}"), 400, "INVALID_MESSAGE");
        assertError(post("/documents/" + BOB_DOCS.get(1) + "/mentions/selections", aliceToken, "{\"userId\":\"" + BOB + "\"}"),
                404, "NOT_FOUND");
    }

    @Test
    void badInputGetsClearErrorsNeverA500() throws Exception {
        assertError(get("/titles?q=design", null), 401, "UNAUTHENTICATED");
        assertError(get("/titles?q=design", "not-a-token"), 401, "UNAUTHENTICATED");
        assertError(get("/titles?q=design&limit=0", aliceToken), 400, "INVALID_MESSAGE");
        assertError(get("/titles?q=design&limit=51", aliceToken), 400, "INVALID_MESSAGE");
        assertError(get("/titles?q=design&limit=ten", aliceToken), 400, "INVALID_MESSAGE");
        assertError(get("/titles", aliceToken), 400, "INVALID_MESSAGE");
        assertError(get("/titles?q=" + "a".repeat(101), aliceToken), 400, "INVALID_MESSAGE");
        assertThat(get("/titles?q=" + enc("\uD83D\uDE00 %%% ' OR 1=1 --"), aliceToken).statusCode()).isEqualTo(200);
        assertError(get("/nothing-here", aliceToken), 404, "NOT_FOUND");
    }

    // ---- helpers -------------------------------------------------------------------------

    private List<String> titles(String token, String q, int limit) throws Exception {
        HttpResponse<String> r = get("/titles?q=" + enc(q) + "&limit=" + limit, token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        for (JsonNode n : json(r).get("results")) {
            String id = n.get("docId").asString();
            assertThat(BOB_DOCS).as("leaked a forbidden title: %s", n).doesNotContain(id);
            ids.add(id);
        }
        return ids;
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/typeahead" + path)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> actuator(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String token, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/typeahead" + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertError(HttpResponse<String> r, int status, String code) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode body = json(r);
        assertThat(body.get("error").asString()).isEqualTo(code);
        assertThat(body.get("message").asString()).isNotBlank();
    }

    private static JsonNode json(HttpResponse<String> r) {
        return Json.MAPPER.readTree(r.body());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static void user(Connection c, UUID id, String name, String email) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (id, email, display_name, password_hash) VALUES (?, ?, ?, 'x')")) {
            ps.setObject(1, id);
            ps.setString(2, email);
            ps.setString(3, name);
            ps.executeUpdate();
        }
    }

    static String token(Connection c, UUID user) throws Exception {
        String token = AccessTokens.newToken();
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO auth_tokens (token_hash, user_id, expires_at) VALUES (?, ?, now() + interval '1 hour')")) {
            ps.setString(1, AccessTokens.hash(token));
            ps.setObject(2, user);
            ps.executeUpdate();
        }
        return token;
    }

    static void doc(Connection c, String id, String title, UUID owner, UUID grantee, String role) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO documents (id, title, owner_id) VALUES (?, ?, ?)")) {
            ps.setObject(1, UUID.fromString(id));
            ps.setString(2, title);
            ps.setObject(3, owner);
            ps.executeUpdate();
        }
        grant(c, id, owner, "owner");
        if (!grantee.equals(owner)) {
            grant(c, id, grantee, role);
        }
    }

    static void grant(Connection c, String id, UUID user, String role) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO document_permissions (doc_id, user_id, role) VALUES (?, ?, ?)")) {
            ps.setObject(1, UUID.fromString(id));
            ps.setObject(2, user);
            ps.setString(3, role);
            ps.executeUpdate();
        }
    }
}
