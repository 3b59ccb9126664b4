package io.docstream.crdt;

import static io.docstream.crdt.Convergence.assertConverged;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded property test: replicas make random concurrent edits (inserts with astral characters,
 * range deletes across runs); ops reach every replica in random orders, through a
 * {@link CausalBuffer}, with duplicates. All replicas must converge, and the index views
 * ({@link Change}) replayed on plain text must give each replica's text.
 *
 * <p>Reproduce a failure with {@code -Drga.seed=<seed printed in the message>}.
 */
class RgaConvergenceTest {

    private static final String[] ALPHABET = {"a", "b", "c", "d", "e", " ", "\uD83D\uDE00", "\uD83C\uDF89", "\u00e9", "\u4e2d"};
    private static final int DEFAULT_RUNS = 300;

    private static final class Peer {
        final int site;
        final Rga rga = new Rga();
        final CausalBuffer buffer = new CausalBuffer(rga);
        final BitSet seen = new BitSet();
        String mirror = "";

        Peer(int site) {
            this.site = site;
        }

        void mirror(Change change) {
            if (change instanceof Change.Inserted ins) {
                int at = mirror.offsetByCodePoints(0, ins.index());
                mirror = mirror.substring(0, at) + ins.text() + mirror.substring(at);
            } else if (change instanceof Change.Deleted del) {
                int prev = Integer.MAX_VALUE;
                for (Change.IndexRange r : del.ranges()) {
                    assertThat(r.index()).as("descending, non-overlapping").isLessThan(prev);
                    prev = r.index();
                    int from = mirror.offsetByCodePoints(0, r.index());
                    int to = mirror.offsetByCodePoints(from, r.length());
                    mirror = mirror.substring(0, from) + mirror.substring(to);
                }
            }
        }
    }

    @Test
    void randomConcurrentEditsConverge() {
        String fixed = System.getProperty("rga.seed");
        if (fixed != null) {
            runScenario(Long.parseLong(fixed));
            return;
        }
        long base = 0x5EED_0001L;
        for (int i = 0; i < DEFAULT_RUNS; i++) {
            runScenario(base + i);
        }
    }

    private static void runScenario(long seed) {
        String ctx = "seed " + seed + " (rerun with -Drga.seed=" + seed + ")";
        try {
            scenario(seed, ctx);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(ctx + ": " + e.getMessage(), e);
        }
    }

    private static void scenario(long seed, String ctx) {
        Random rnd = new Random(seed);
        int n = 3 + rnd.nextInt(3);
        List<Peer> peers = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            peers.add(new Peer(p == 0 ? 0 : rnd.nextInt(1_000_000)));
        }
        List<Op> log = new ArrayList<>();
        int steps = 40 + rnd.nextInt(120);
        for (int s = 0; s < steps; s++) {
            Peer p = peers.get(rnd.nextInt(n));
            if (rnd.nextInt(5) == 0) {
                deliverSome(p, log, rnd, rnd.nextInt(log.size() + 1));
            } else {
                localEdit(p, rnd, log);
            }
        }
        for (Peer p : peers) {
            deliverSome(p, log, rnd, log.size());
            assertThat(p.buffer.pending()).as("%s: nothing left waiting", ctx).isZero();
            assertThat(p.mirror).as("%s: index views replayed as text", ctx).isEqualTo(p.rga.text());
        }
        Rga[] replicas = peers.stream().map(p -> p.rga).toArray(Rga[]::new);
        assertConverged(ctx, replicas);
        assertConverged(ctx + " snapshot", replicas[0], Rga.decode(replicas[0].encode()));
    }

    private static void localEdit(Peer p, Random rnd, List<Op> log) {
        Rga r = p.rga;
        Op op;
        if (r.length() > 0 && rnd.nextInt(3) == 0) {
            int index = rnd.nextInt(r.length());
            int len = 1 + rnd.nextInt(Math.min(6, r.length() - index));
            String before = p.mirror;
            op = r.delete(index, len);
            int from = before.offsetByCodePoints(0, index);
            p.mirror = before.substring(0, from) + before.substring(before.offsetByCodePoints(from, len));
        } else {
            int index = rnd.nextInt(r.length() + 1);
            StringBuilder sb = new StringBuilder();
            int len = 1 + rnd.nextInt(rnd.nextInt(4) == 0 ? 8 : 2);
            for (int k = 0; k < len; k++) {
                sb.append(ALPHABET[rnd.nextInt(ALPHABET.length)]);
            }
            op = r.insert(p.site, index, sb.toString());
            int at = p.mirror.offsetByCodePoints(0, index);
            p.mirror = p.mirror.substring(0, at) + sb + p.mirror.substring(at);
        }
        p.seen.set(log.size());
        log.add(op);
    }

    /** Delivers up to {@code count} ops the peer has not seen, shuffled, some twice. */
    private static void deliverSome(Peer p, List<Op> log, Random rnd, int count) {
        List<Integer> unseen = new ArrayList<>();
        for (int i = p.seen.nextClearBit(0); i < log.size(); i = p.seen.nextClearBit(i + 1)) {
            unseen.add(i);
        }
        Collections.shuffle(unseen, rnd);
        for (int k = 0; k < Math.min(count, unseen.size()); k++) {
            int i = unseen.get(k);
            p.seen.set(i);
            int times = rnd.nextInt(5) == 0 ? 2 : 1;
            for (int t = 0; t < times; t++) {
                for (Change c : p.buffer.deliver(log.get(i))) {
                    p.mirror(c);
                }
            }
        }
    }
}
