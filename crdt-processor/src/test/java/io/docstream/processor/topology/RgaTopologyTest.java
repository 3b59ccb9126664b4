package io.docstream.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.docstream.crdt.Op;
import io.docstream.crdt.Rga;
import io.docstream.processor.KafkaSettings;
import io.docstream.processor.ProcessorSettings;
import io.docstream.processor.streams.StreamsConfigFactory;
import io.docstream.protocol.CanonicalOp;
import io.docstream.protocol.ClientOp;
import io.docstream.protocol.ErrorCode;
import io.docstream.protocol.OpRejection;
import io.docstream.protocol.WireOp;
import io.docstream.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rga-integrate topology against TopologyTestDriver (no broker). */
class RgaTopologyTest {

    private static final Topics TOPICS = Topics.defaults();

    @TempDir
    Path stateDir;

    private ProcessorSettings settings;
    private TopologyTestDriver driver;
    private TestInputTopic<String, ClientOp> input;
    private TestOutputTopic<String, CanonicalOp> ops;
    private TestOutputTopic<String, OpRejection> rejections;
    /** per doc: the text rebuilt from the index views seen so far, and the last seq seen */
    private final Map<String, String> texts = new HashMap<>();
    private final Map<String, Long> seqs = new HashMap<>();
    private final Map<Integer, Long> clientSeqs = new HashMap<>();

    @AfterEach
    void closeDriver() {
        if (driver != null) {
            driver.close();
        }
    }

    private void open(ProcessorSettings s) {
        settings = s.withStateDir(stateDir);
        driver = new TopologyTestDriver(RgaTopology.build(TOPICS, settings),
                StreamsConfigFactory.build(new KafkaSettings("unused:9092", ""), settings));
        input = driver.createInputTopic(TOPICS.docOpsIn().name(), TOPICS.docOpsIn().keySerde().serializer(),
                TOPICS.docOpsIn().valueSerde().serializer());
        ops = driver.createOutputTopic(TOPICS.docOps().name(), TOPICS.docOps().keySerde().deserializer(),
                TOPICS.docOps().valueSerde().deserializer());
        rejections = driver.createOutputTopic(TOPICS.opRejections().name(),
                TOPICS.opRejections().keySerde().deserializer(), TOPICS.opRejections().valueSerde().deserializer());
    }

    private void open() {
        open(ProcessorSettings.defaults());
    }

    // ---- op builders ------------------------------------------------------------------------

    private static WireOp ins(int counter, int site, int[] origin, String text) {
        return new WireOp(WireOp.INSERT, new int[] {counter, site}, origin, text, null);
    }

    private static int[] at(int counter, int site) {
        return new int[] {counter, site};
    }

    private static WireOp del(int[]... ranges) {
        return new WireOp(WireOp.DELETE, null, null, null, List.of(ranges));
    }

    private ClientOp client(String doc, int site, WireOp op) {
        long cs = clientSeqs.merge(site, 1L, Long::sum);
        return new ClientOp(doc, "user-" + site, site, cs, "gw-1", op, 1_000L);
    }

    /** Sends the op; returns what came out: a CanonicalOp, an OpRejection, or null (nothing). */
    private Object send(ClientOp op) {
        input.pipeInput(op.docId(), op);
        List<CanonicalOp> out = ops.readValuesToList();
        List<OpRejection> rej = rejections.readValuesToList();
        assertThat(out.size() + rej.size()).as("at most one output per input").isLessThanOrEqualTo(1);
        for (CanonicalOp c : out) {
            long expected = seqs.getOrDefault(c.docId(), 0L) + 1;
            assertThat(c.seq()).as("seq of %s", c.docId()).isEqualTo(expected);
            seqs.put(c.docId(), c.seq());
            texts.put(c.docId(), c.index().applyTo(texts.getOrDefault(c.docId(), "")));
            return c;
        }
        return rej.isEmpty() ? null : rej.get(0);
    }

    private CanonicalOp accept(String doc, int site, WireOp op) {
        Object out = send(client(doc, site, op));
        assertThat(out).as("accepted %s", op).isInstanceOf(CanonicalOp.class);
        return (CanonicalOp) out;
    }

    private OpRejection reject(String doc, int site, WireOp op, ErrorCode code) {
        String before = texts.getOrDefault(doc, "");
        long seqBefore = seqs.getOrDefault(doc, 0L);
        Object out = send(client(doc, site, op));
        assertThat(out).as("rejected %s", op).isInstanceOf(OpRejection.class);
        OpRejection r = (OpRejection) out;
        assertThat(r.code()).isEqualTo(code.name());
        assertThat(r.message()).isNotBlank();
        assertThat(r.docId()).isEqualTo(doc);
        assertThat(r.gatewayId()).isEqualTo("gw-1");
        assertThat(r.site()).isEqualTo(site);
        assertThat(texts.getOrDefault(doc, "")).isEqualTo(before);
        assertThat(seqs.getOrDefault(doc, 0L)).isEqualTo(seqBefore);
        return r;
    }

    private RgaStores stores() {
        KeyValueStore<Bytes, byte[]> o = driver.getKeyValueStore(RgaTopology.OPS_STORE);
        KeyValueStore<String, byte[]> s = driver.getKeyValueStore(RgaTopology.SNAPSHOTS_STORE);
        KeyValueStore<String, byte[]> m = driver.getKeyValueStore(RgaTopology.META_STORE);
        return new RgaStores(o, s, m);
    }

    // ---- tests --------------------------------------------------------------------------------

    @Test
    void insertsAndDeletesFromThreeSitesConverge() {
        open();
        CanonicalOp first = accept("d", 1, ins(1, 1, null, "abc"));
        assertThat(first.seq()).isEqualTo(1);
        assertThat(first.index().kind()).isEqualTo("insert");
        assertThat(first.userId()).isEqualTo("user-1");
        assertThat(first.gatewayId()).isEqualTo("gw-1");
        assertThat(first.receivedAt()).isEqualTo(1_000L);
        assertThat(first.clientSeq()).isEqualTo(1);
        // concurrent inserts of sites 2 and 3 after 'c': the larger id (4@3) comes first
        accept("d", 2, ins(4, 2, at(3, 1), "X"));
        accept("d", 3, ins(4, 3, at(3, 1), "Y"));
        accept("d", 2, ins(5, 2, at(4, 2), "Z"));
        assertThat(texts.get("d")).isEqualTo("abcYXZ");
        accept("d", 3, del(new int[] {2, 1, 1}));
        // two concurrent inserts at the start, the smaller id arriving second
        accept("d", 1, ins(7, 1, null, "Q"));
        accept("d", 2, ins(6, 2, null, "0"));
        assertThat(texts.get("d")).isEqualTo("Q0acYXZ");
        // delete across runs of different sites, including an already deleted id
        CanonicalOp d = accept("d", 1, del(new int[] {1, 1, 3}, new int[] {4, 3, 1}));
        assertThat(d.index().kind()).isEqualTo("delete");
        assertThat(texts.get("d")).isEqualTo("Q0XZ");
        assertThat(seqs.get("d")).isEqualTo(8);
        assertThat(stores().rebuild("d").text()).isEqualTo("Q0XZ");
    }

    @Test
    void randomConcurrentEditsOfThreeSitesConvergeToTheProcessorsText() {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        open();
        int sites = 3;
        List<Rga> replicas = new ArrayList<>();
        List<Integer> applied = new ArrayList<>(); // how many of the global log each replica has seen
        for (int i = 0; i < sites; i++) {
            replicas.add(new Rga());
            applied.add(0);
        }
        List<Op> log = new ArrayList<>();
        List<Integer> authors = new ArrayList<>();
        for (int step = 0; step < 200; step++) {
            int s = rnd.nextInt(sites);
            Rga r = replicas.get(s);
            if (rnd.nextInt(4) == 0) { // catch up on some of the others' ops
                int upTo = applied.get(s) + rnd.nextInt(log.size() - applied.get(s) + 1);
                for (int i = applied.get(s); i < upTo; i++) {
                    if (authors.get(i) != s) {
                        r.apply(log.get(i));
                    }
                }
                applied.set(s, upTo);
                continue;
            }
            Op op;
            if (r.length() > 0 && rnd.nextInt(3) == 0) {
                int from = rnd.nextInt(r.length());
                op = r.delete(from, 1 + rnd.nextInt(Math.min(5, r.length() - from)));
            } else {
                String text = rnd.nextInt(10) == 0 ? "\uD83D\uDE00e\u0301" : Character.toString('a' + rnd.nextInt(26));
                op = r.insert(s + 1, rnd.nextInt(r.length() + 1), text);
            }
            // ops a site has not applied yet are not in its causal past; the log order is causal
            log.add(op);
            authors.add(s);
            Object out = send(client("doc", s + 1, WireOp.of(op)));
            assertThat(out).as("seed %s step %s", seed, step).isInstanceOf(CanonicalOp.class);
        }
        for (int s = 0; s < sites; s++) {
            for (int i = applied.get(s); i < log.size(); i++) {
                if (authors.get(i) != s) {
                    replicas.get(s).apply(log.get(i));
                }
            }
        }
        // replicas that skipped ops of others before editing still had causal order locally
        String expected = replicas.get(0).text();
        for (Rga r : replicas) {
            assertThat(r.text()).as("seed %s", seed).isEqualTo(expected);
        }
        assertThat(texts.get("doc")).as("seed %s", seed).isEqualTo(expected);
        assertThat(seqs.get("doc")).isEqualTo(log.size());
    }

    @Test
    void seqIsOneToNPerDocumentAndDocumentsAreIndependent() {
        open();
        for (int i = 0; i < 10; i++) {
            accept("a", 1, ins(i + 1, 1, i == 0 ? null : at(i, 1), "x"));
            if (i % 2 == 0) {
                accept("b", 2, ins(i / 2 + 1, 2, i == 0 ? null : at(i / 2, 2), "y"));
            }
        }
        assertThat(seqs).containsEntry("a", 10L).containsEntry("b", 5L);
        assertThat(texts).containsEntry("a", "xxxxxxxxxx").containsEntry("b", "yyyyy");
    }

    @Test
    void aDocumentAtItsSizeCapTakesDeletesButNoLongerInserts() {
        open(ProcessorSettings.defaults().withMaxDocumentCodePoints(10));
        accept("d", 1, ins(1, 1, null, "hello👋worl")); // 10 code points (the emoji is one)
        reject("d", 2, ins(11, 2, at(10, 1), "!"), ErrorCode.DOCUMENT_TOO_LARGE);
        accept("other", 2, ins(1, 2, null, "0123456789")); // the cap is per document
        accept("d", 2, del(new int[] {1, 1, 2}));
        reject("d", 2, ins(11, 2, at(10, 1), "abc"), ErrorCode.DOCUMENT_TOO_LARGE);
        accept("d", 2, ins(11, 2, at(10, 1), "ab"));
        assertThat(texts.get("d")).isEqualTo("llo👋worlab");
    }

    @Test
    void everyRejectionLeavesTheDocumentUnchanged() {
        open();
        accept("d", 1, ins(1, 1, null, "hello"));
        reject("d", 2, ins(6, 1, at(5, 1), "!"), ErrorCode.FORGED_SITE);
        reject("d", 2, ins(100, 2, at(99, 7), "!"), ErrorCode.UNKNOWN_ORIGIN);
        reject("d", 2, ins(3, 2, at(5, 1), "!"), ErrorCode.INVALID_OP); // counter not above its origin's
        reject("d", 2, del(new int[] {99, 7, 1}), ErrorCode.UNKNOWN_TARGET);
        reject("d", 2, ins(6, 2, at(5, 1), "x".repeat(16_385)), ErrorCode.OP_TOO_LARGE);
        reject("d", 2, del(Stream.generate(() -> new int[] {1, 1, 1}).limit(1025).toArray(int[][]::new)),
                ErrorCode.OP_TOO_LARGE);
        reject("d", 2, del(new int[] {1, 1, 1_000_001}), ErrorCode.OP_TOO_LARGE);
        reject("d", 2, new WireOp("move", null, null, null, null), ErrorCode.INVALID_OP);
        reject("d", 2, new WireOp(WireOp.INSERT, new int[] {6}, null, "x", null), ErrorCode.INVALID_OP);
        reject("d", 2, new WireOp(WireOp.INSERT, at(6, 2), null, "\uD83D", null), ErrorCode.INVALID_OP);
        reject("d", 2, new WireOp(WireOp.DELETE, null, null, null, List.of(new int[] {1, 1})), ErrorCode.INVALID_OP);
        reject("d", 2, null, ErrorCode.INVALID_OP);
        reject("d", 2, ins(6, 2, at(5, 1), "a\u0000"), ErrorCode.INVALID_OP);
        reject("d", 1, ins(1, 1, null, "other"), ErrorCode.ID_CONFLICT);
        // 16,384 code points (32,768 chars) is exactly the limit
        accept("d", 2, ins(6, 2, at(5, 1), "\uD83D\uDE00".repeat(16_384)));
        accept("d", 2, del(new int[] {6, 2, 16_384}));
        accept("d", 2, ins(20_000, 2, at(5, 1), "!"));
        assertThat(texts.get("d")).isEqualTo("hello!");
        assertThat(stores().rebuild("d").text()).isEqualTo("hello!");
    }

    @Test
    void aRetriedClientSeqIsNotReEmittedNorRejected() {
        open();
        ClientOp op = client("d", 1, ins(1, 1, null, "ab"));
        assertThat(send(op)).isInstanceOf(CanonicalOp.class);
        assertThat(send(op)).isNull();
        // an older clientSeq of the same site is a retry too, even with another op
        ClientOp next = client("d", 1, ins(3, 1, at(2, 1), "c"));
        assertThat(send(next)).isInstanceOf(CanonicalOp.class);
        assertThat(send(new ClientOp("d", "user-1", 1, op.clientSeq(), "gw-1", ins(4, 1, at(3, 1), "z"), 0))).isNull();
        // the same clientSeq from another site is a different op
        assertThat(send(new ClientOp("d", "user-2", 2, op.clientSeq(), "gw-1", ins(4, 2, at(3, 1), "d"), 0)))
                .isInstanceOf(CanonicalOp.class);
        assertThat(texts.get("d")).isEqualTo("abcd");
        assertThat(seqs.get("d")).isEqualTo(3);
    }

    @Test
    void aDeleteThatChangesNothingVisibleStillGetsASeq() {
        open();
        accept("d", 1, ins(1, 1, null, "abc"));
        accept("d", 2, del(new int[] {2, 1, 1}));
        CanonicalOp again = accept("d", 3, del(new int[] {2, 1, 1}));
        assertThat(again.seq()).isEqualTo(3);
        assertThat(again.index().kind()).isEqualTo("none");
        assertThat(again.op().kind()).isEqualTo(WireOp.DELETE);
        assertThat(texts.get("d")).isEqualTo("ac");
    }

    @Test
    void stateSurvivesARestartOverTheSameStateDirectory() throws IOException {
        open();
        accept("d", 1, ins(1, 1, null, "abc"));
        accept("e", 2, ins(1, 2, null, "xyz"));
        accept("d", 2, ins(4, 2, at(3, 1), "D"));
        ClientOp retried = client("d", 1, ins(5, 1, at(4, 2), "!"));
        assertThat(send(retried)).isInstanceOf(CanonicalOp.class);
        restart();
        assertThat(send(retried)).as("dedup state survives").isNull();
        CanonicalOp next = accept("d", 3, del(new int[] {1, 1, 1}));
        assertThat(next.seq()).isEqualTo(4);
        accept("e", 2, ins(4, 2, at(3, 2), "!"));
        assertThat(seqs).containsEntry("e", 2L);
        assertThat(texts).containsEntry("d", "bcD!").containsEntry("e", "xyz!");
        assertThat(stores().rebuild("d").text()).isEqualTo("bcD!");
    }

    @Test
    void snapshotPlusTailRebuildGivesTheSameText() {
        // snapshot every 5 ops, and a cache of one replica so that alternating docs forces rebuilds
        open(ProcessorSettings.defaults().withSnapshots(5, Integer.MAX_VALUE, 1));
        StringBuilder a = new StringBuilder();
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= 37; i++) {
            accept("a", 1, ins(i, 1, i == 1 ? null : at(i - 1, 1), Character.toString('a' + i % 26)));
            a.append((char) ('a' + i % 26));
            accept("b", 2, ins(i, 2, null, Integer.toString(i % 10)));
            b.insert(0, i % 10);
            if (i % 7 == 0) {
                accept("a", 1, del(new int[] {i - 3, 1, 2}));
                a.delete(a.length() - 4, a.length() - 2);
            }
        }
        assertThat(texts.get("a")).isEqualTo(a.toString());
        assertThat(texts.get("b")).isEqualTo(b.toString());
        RgaStores stores = stores();
        assertThat(stores.rebuild("a").text()).isEqualTo(a.toString());
        assertThat(stores.rebuild("b").text()).isEqualTo(b.toString());
        assertThat(stores.lastSeq("a")).isEqualTo(42);
        assertThat(stores.tailSize("a")).as("tail trimmed by snapshots").isEqualTo(42 % 5);
        assertThat(stores.tailSize("b")).isEqualTo(37 % 5);
    }

    @Test
    void theSnapshotIntervalGrowsWithTheSnapshotSize() {
        // at most one snapshot byte per op: after a snapshot of a 5,000 code point document the
        // next snapshot waits for thousands of ops, so small edits never re-encode the whole document
        open(ProcessorSettings.defaults().withSnapshots(1, 1, 1000));
        accept("big", 1, ins(1, 1, null, "x".repeat(5000)));
        RgaStores stores = stores();
        assertThat(stores.tailSize("big")).as("first op snapshotted (interval 1)").isZero();
        for (int i = 0; i < 50; i++) {
            accept("big", 1, ins(5001 + i, 1, at(5000 + i, 1), "y"));
        }
        assertThat(stores.tailSize("big")).isEqualTo(50);
        accept("small", 2, ins(1, 2, null, "s"));
        accept("small", 2, ins(2, 2, at(1, 2), "t"));
        assertThat(stores.tailSize("small")).as("tiny snapshot: interval stays small").isLessThanOrEqualTo(1);
        assertThat(stores.rebuild("big").text()).isEqualTo("x".repeat(5000) + "y".repeat(50));
    }

    /** Closes the driver and opens a new one over the same state directory (a process restart). */
    private void restart() throws IOException {
        // TopologyTestDriver wipes its state directory on close (a real restart would not), so keep a copy
        Path backup = Files.createTempDirectory("rga-state-backup");
        copy(stateDir, backup);
        driver.close();
        driver = null;
        copy(backup, stateDir);
        open(settings);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            files.forEach(p -> {
                Path target = to.resolve(from.relativize(p).toString());
                try {
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else if (!p.getFileName().toString().equals("LOCK") && !p.getFileName().toString().equals(".lock")) {
                        Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
