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
import java.util.concurrent.atomic.AtomicLong;

/**
 * Documents with editors spread over the stack's gateways, typing seeded random edits: rounds of
 * typing, waiting until every client has every op, and the check that every client and the
 * {@code ops_log} agree.
 */
final class TypingSession implements AutoCloseable {

    final List<UUID> docs = new ArrayList<>();
    private final List<AtomicLong> counts = new ArrayList<>();
    private final List<DocStreamClient> clients = new ArrayList<>();
    private final List<PipelineIT.Typist> typists = new ArrayList<>();
    private final TestStack stack;
    private final long seed;

    TypingSession(TestStack stack, long seed, int docCount, int clientsPerDoc, String label) {
        this.stack = stack;
        this.seed = seed;
        Random random = new Random(seed);
        TestUser owner = Fixtures.user(stack.db.dataSource(), "Owner");
        for (int d = 0; d < docCount; d++) {
            UUID doc = Fixtures.document(stack.db.dataSource(), owner, label + " " + d);
            docs.add(doc);
            counts.add(new AtomicLong());
            for (int c = 0; c < clientsPerDoc; c++) {
                TestUser u = Fixtures.user(stack.db.dataSource(), "E" + d + c);
                Fixtures.grant(stack.db.dataSource(), doc, u, "editor");
                DocStreamClient client = DocStreamClient.connect(stack.ws(c % stack.gateways.size()), u.token());
                clients.add(client);
                client.join(doc.toString());
                typists.add(new PipelineIT.Typist(client, doc.toString(), new Random(random.nextLong())));
            }
        }
        for (PipelineIT.Typist t : typists) {
            await().until(() -> t.client().isJoined(t.doc()));
        }
    }

    /** Every client types {@code edits} edits into its document. */
    void typeRound(int edits) {
        for (PipelineIT.Typist t : typists) {
            t.type(edits, counts.get(docs.indexOf(UUID.fromString(t.doc()))));
        }
    }

    /** Waits until every client has seen every op sent so far to its document. */
    void settle() throws InterruptedException {
        for (PipelineIT.Typist t : typists) {
            long n = counts.get(docs.indexOf(UUID.fromString(t.doc()))).get();
            t.client().awaitSettled(t.doc(), n, Duration.ofSeconds(120));
        }
    }

    /** Ops sent so far to all documents. */
    long sent() {
        return counts.stream().mapToLong(AtomicLong::get).sum();
    }

    /** After {@link #settle}: the log of each document is seq 1..n exactly and equals every client's text. */
    void assertConvergedOnTheLog() {
        for (int d = 0; d < docs.size(); d++) {
            String logText = PipelineAssertions.awaitLogComplete(stack.db.dataSource(), docs.get(d), counts.get(d).get());
            for (PipelineIT.Typist t : typists) {
                if (t.doc().equals(docs.get(d).toString())) {
                    assertThat(t.client().text(t.doc())).as("seed %s", seed).isEqualTo(logText);
                    assertThat(t.client().errors()).as("seed %s", seed).isEmpty();
                }
            }
        }
    }

    @Override
    public void close() {
        clients.forEach(DocStreamClient::close);
    }
}
