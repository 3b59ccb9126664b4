package io.docstream.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.docstream.client.DocStreamClient;
import io.docstream.testsupport.Fixtures;
import io.docstream.testsupport.Fixtures.TestUser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline on real services: two gateways, two crdt-processor instances (child JVMs,
 * one consumer group), the projection writer; clients spread over both gateways type
 * concurrently. Seeds are printed so that a failure can be replayed.
 */
class PipelineIT {

    static TestStack stack;
    final List<DocStreamClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        stack = TestStack.start(4, 25, List.of("p1", "p2"), Map.of());
    }

    @AfterAll
    static void stop() {
        TestStack.stop(stack);
    }

    @AfterEach
    void closeClients() {
        clients.forEach(DocStreamClient::close);
    }

    DocStreamClient client(TestUser u, int gateway) {
        DocStreamClient c = DocStreamClient.connect(stack.ws(gateway), u.token());
        clients.add(c);
        return c;
    }

    /** One editing session: a client typing random edits into one document. */
    record Typist(DocStreamClient client, String doc, Random random) {
        private static final String[] PIECES = {"a", "b", "c", " ", "é", "👋", "ab", "\u0301", "xyz", "🇫🇷"};

        int type(int edits, AtomicLong sent) {
            int n = 0;
            for (int i = 0; i < edits; i++) {
                synchronized (client) {
                    String text = client.text(doc);
                    int len = text.codePointCount(0, text.length());
                    if (len > 5 && random.nextInt(4) == 0) {
                        int at = random.nextInt(len);
                        int count = 1 + random.nextInt(Math.min(4, len - at));
                        if (client.delete(doc, at, count) > 0) {
                            n++;
                        }
                    } else {
                        client.insert(doc, random.nextInt(len + 1), PIECES[random.nextInt(PIECES.length)]);
                        n++;
                    }
                }
            }
            sent.addAndGet(n);
            return n;
        }
    }

    @Test
    void clientsOnTwoGatewaysConvergeAndTheLogIsExact() throws Exception {
        long seed = System.nanoTime();
        System.out.println("PipelineIT convergence seed=" + seed);
        Random random = new Random(seed);
        int docs = 3;
        int clientsPerDoc = 4;
        Map<UUID, AtomicLong> sent = new ConcurrentHashMap<>();
        List<Typist> typists = new ArrayList<>();
        TestUser owner = Fixtures.user(stack.db.dataSource(), "Owner");
        for (int d = 0; d < docs; d++) {
            UUID doc = Fixtures.document(stack.db.dataSource(), owner, "doc " + d);
            sent.put(doc, new AtomicLong());
            for (int c = 0; c < clientsPerDoc; c++) {
                TestUser u = Fixtures.user(stack.db.dataSource(), "U" + d + c);
                Fixtures.grant(stack.db.dataSource(), doc, u, "editor");
                DocStreamClient client = client(u, c % 2);
                client.join(doc.toString());
                typists.add(new Typist(client, doc.toString(), new Random(random.nextLong())));
            }
        }
        for (Typist t : typists) {
            await().until(() -> t.client().isJoined(t.doc()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(typists.size());
        List<Future<Integer>> results = new ArrayList<>();
        for (Typist t : typists) {
            results.add(pool.submit(() -> t.type(40, sent.get(UUID.fromString(t.doc())))));
        }
        for (Future<Integer> f : results) {
            f.get();
        }
        pool.shutdown();

        for (UUID doc : sent.keySet()) {
            long n = sent.get(doc).get();
            for (Typist t : typists) {
                if (t.doc().equals(doc.toString())) {
                    t.client().awaitSettled(t.doc(), n, Duration.ofSeconds(90));
                }
            }
            String logText = PipelineAssertions.awaitLogComplete(stack.db.dataSource(), doc, n);
            for (Typist t : typists) {
                if (t.doc().equals(doc.toString())) {
                    assertThat(t.client().text(t.doc())).as("client text of %s (seed %s)", doc, seed).isEqualTo(logText);
                    assertThat(t.client().errors()).isEmpty();
                }
            }
            PipelineAssertions.assertSnapshotConsistent(stack.db.dataSource(), doc, logText);
        }

        // a late joiner on either gateway sees the same document
        TestUser late = Fixtures.user(stack.db.dataSource(), "Late");
        UUID doc0 = sent.keySet().iterator().next();
        Fixtures.grant(stack.db.dataSource(), doc0, late, "viewer");
        DocStreamClient lateClient = client(late, 1);
        lateClient.join(doc0.toString());
        await().until(() -> lateClient.isJoined(doc0.toString()));
        assertThat(lateClient.text(doc0.toString())).isEqualTo(PipelineAssertions.awaitLogComplete(
                stack.db.dataSource(), doc0, sent.get(doc0).get()));
    }

    @Test
    void unsharingOnOneGatewayCutsOffTheSocketOnTheOther() throws Exception {
        TestUser owner = Fixtures.user(stack.db.dataSource(), "Owner");
        TestUser bob = Fixtures.user(stack.db.dataSource(), "Bob");
        UUID doc = Fixtures.document(stack.db.dataSource(), owner, "to revoke");
        UUID other = Fixtures.document(stack.db.dataSource(), owner, "stays");
        Fixtures.grant(stack.db.dataSource(), doc, bob, "editor");
        Fixtures.grant(stack.db.dataSource(), other, bob, "viewer");
        DocStreamClient b = client(bob, 1);
        b.join(doc.toString());
        b.join(other.toString());
        await().until(() -> b.isJoined(doc.toString()) && b.isJoined(other.toString()));

        URI rest = URI.create(stack.ws(0).toString().replace("ws://", "http://").replace("/ws", "/api/documents/"
                + doc + "/permissions/" + bob.id()));
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(rest)
                .header("Authorization", "Bearer " + owner.token()).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(204);
        long t0 = System.nanoTime();
        await().atMost(Duration.ofSeconds(10)).until(() -> "ACCESS_REVOKED".equals(b.leftReason(doc.toString())));
        System.out.printf("revocation reached the other gateway's socket after %.1f ms%n", (System.nanoTime() - t0) / 1e6);
        assertThat(b.isOpen()).isTrue();
        assertThat(b.isJoined(other.toString())).isTrue();
        b.insert(other.toString(), 0, "x");
        await().until(() -> b.errors().stream().anyMatch(e -> "READ_ONLY".equals(e.path("code").asString())));
    }

    @Test
    void anOpWithAnUnknownOriginIsRejectedByTheProcessorAndNothingElseIsAffected() throws Exception {
        TestUser u = Fixtures.user(stack.db.dataSource(), "Rej");
        UUID doc = Fixtures.document(stack.db.dataSource(), u, "rejections");
        DocStreamClient c = client(u, 0);
        DocStreamClient other = client(u, 1);
        c.join(doc.toString());
        other.join(doc.toString());
        await().until(() -> c.isJoined(doc.toString()) && other.isJoined(doc.toString()));
        c.insert(doc.toString(), 0, "ok");
        c.sendRaw("{\"type\":\"op\",\"doc\":\"" + doc + "\",\"clientSeq\":100,\"op\":{\"kind\":\"insert\",\"id\":[50,"
                + c.site() + "],\"origin\":[49,999999],\"text\":\"bad\"}}");
        c.sendRaw("{\"type\":\"op\",\"doc\":\"" + doc + "\",\"clientSeq\":101,\"op\":{\"kind\":\"delete\",\"ranges\":[[7,999999,2]]}}");
        await().atMost(Duration.ofSeconds(60)).until(() -> c.errors().size() >= 2);
        assertThat(c.errors()).extracting(e -> e.path("code").asString()).containsExactlyInAnyOrder("UNKNOWN_ORIGIN", "UNKNOWN_TARGET");
        other.insert(doc.toString(), 2, "!");
        c.awaitSettled(doc.toString(), 2, Duration.ofSeconds(60));
        other.awaitSettled(doc.toString(), 2, Duration.ofSeconds(60));
        assertThat(c.text(doc.toString())).isEqualTo("ok!").isEqualTo(other.text(doc.toString()));
        assertThat(other.errors()).isEmpty();
        assertThat(PipelineAssertions.awaitLogComplete(stack.db.dataSource(), doc, 2)).isEqualTo("ok!");
    }
}
