package io.docstream.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.docstream.client.DocStreamClient;
import io.docstream.testsupport.Fixtures;
import io.docstream.testsupport.Fixtures.TestUser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Processor instances leave under load: one is killed without any shutdown (SIGKILL), another is
 * stopped gracefully (SIGTERM) after a replacement joined. No op is lost or duplicated and every
 * client converges on the text of the log.
 */
class ProcessorFailoverIT {

    static TestStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = new TestStack(4);
        stack.startProjection(50);
        stack.startGateway("gw-a");
        stack.startGateway("gw-b");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void killedAndStoppedProcessorsLoseNothing() throws Exception {
        long seed = System.nanoTime();
        System.out.println("ProcessorFailoverIT seed=" + seed);
        Process p1 = stack.startProcessor("p1");
        Process p2 = stack.startProcessor("p2");
        Random random = new Random(seed);
        TestUser owner = Fixtures.user(stack.db.dataSource(), "Owner");
        List<UUID> docs = new ArrayList<>();
        List<DocStreamClient> clients = new ArrayList<>();
        List<PipelineIT.Typist> typists = new ArrayList<>();
        List<AtomicLong> counts = new ArrayList<>();
        for (int d = 0; d < 4; d++) {
            UUID doc = Fixtures.document(stack.db.dataSource(), owner, "failover " + d);
            docs.add(doc);
            counts.add(new AtomicLong());
            for (int c = 0; c < 2; c++) {
                TestUser u = Fixtures.user(stack.db.dataSource(), "F" + d + c);
                Fixtures.grant(stack.db.dataSource(), doc, u, "editor");
                DocStreamClient client = DocStreamClient.connect(stack.ws(c), u.token());
                clients.add(client);
                client.join(doc.toString());
                typists.add(new PipelineIT.Typist(client, doc.toString(), new Random(random.nextLong())));
            }
        }
        for (PipelineIT.Typist t : typists) {
            await().until(() -> t.client().isJoined(t.doc()));
        }
        try {
            typeRound(typists, docs, counts, 15);
            // make sure both instances have really processed something before the crash
            settle(typists, docs, counts);

            typeRound(typists, docs, counts, 15);
            p1.destroyForcibly();                       // SIGKILL mid-stream: no shutdown at all
            assertThat(p1.waitFor(10, TimeUnit.SECONDS)).isTrue();
            typeRound(typists, docs, counts, 15);

            stack.startProcessor("p3");
            typeRound(typists, docs, counts, 15);
            p2.destroy();                               // SIGTERM: graceful close of Streams
            assertThat(p2.waitFor(60, TimeUnit.SECONDS)).isTrue();
            typeRound(typists, docs, counts, 15);

            settle(typists, docs, counts);
            for (int d = 0; d < docs.size(); d++) {
                String logText = PipelineAssertions.awaitLogComplete(stack.db.dataSource(), docs.get(d), counts.get(d).get());
                for (PipelineIT.Typist t : typists) {
                    if (t.doc().equals(docs.get(d).toString())) {
                        assertThat(t.client().text(t.doc())).as("seed %s", seed).isEqualTo(logText);
                        assertThat(t.client().errors()).isEmpty();
                    }
                }
            }
        } finally {
            clients.forEach(DocStreamClient::close);
        }
    }

    private static void typeRound(List<PipelineIT.Typist> typists, List<UUID> docs, List<AtomicLong> counts, int edits) {
        for (PipelineIT.Typist t : typists) {
            t.type(edits, counts.get(docs.indexOf(UUID.fromString(t.doc()))));
        }
    }

    private static void settle(List<PipelineIT.Typist> typists, List<UUID> docs, List<AtomicLong> counts)
            throws InterruptedException {
        for (PipelineIT.Typist t : typists) {
            long n = counts.get(docs.indexOf(UUID.fromString(t.doc()))).get();
            t.client().awaitSettled(t.doc(), n, Duration.ofSeconds(120));
        }
    }
}
