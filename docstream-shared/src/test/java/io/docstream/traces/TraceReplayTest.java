package io.docstream.traces;

import static io.docstream.crdt.Convergence.assertConverged;
import static org.assertj.core.api.Assertions.assertThat;

import io.docstream.crdt.Change;
import io.docstream.crdt.Op;
import io.docstream.crdt.Rga;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every real editing trace replays to its endContent, locally, remotely and through snapshots. */
class TraceReplayTest {

    static Stream<Path> sequential() {
        List<Path> all = new ArrayList<>(TracePaths.list("sequential"));
        all.addAll(TracePaths.list("sequential/ascii_only"));
        assertThat(all).hasSize(10);
        return all.stream();
    }

    static Stream<Path> concurrent() {
        List<Path> all = TracePaths.list("concurrent");
        assertThat(all).hasSize(2);
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sequential")
    void sequentialTraceReplaysToEndContent(Path file) {
        Trace trace = TraceLoader.load(file);
        assertThat(trace.concurrent()).isFalse();
        TraceReplay.Result local = TraceReplay.local(trace);
        Rga replica = local.replicas().get(0);
        assertThat(replica.text()).as(trace.name()).isEqualTo(trace.endContent());
        assertThat(replica.length()).isEqualTo(trace.endContent().codePointCount(0, trace.endContent().length()));
        checkRemoteSnapshotAndIndexViews(trace, local);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("concurrent")
    void concurrentTraceReplaysWithOneReplicaPerAgent(Path file) {
        Trace trace = TraceLoader.load(file);
        assertThat(trace.concurrent()).isTrue();
        TraceReplay.Result local = TraceReplay.local(trace);
        assertThat(local.replicas()).hasSize(trace.numAgents());
        for (Rga r : local.replicas()) {
            assertThat(r.text()).as(trace.name()).isEqualTo(trace.endContent());
        }
        assertConverged(trace.name(), local.replicas().toArray(Rga[]::new));
        checkRemoteSnapshotAndIndexViews(trace, local);
    }

    /** Remote replay equals the local one; snapshots round-trip; index views rebuild the text. */
    private static void checkRemoteSnapshotAndIndexViews(Trace trace, TraceReplay.Result local) {
        Rga remote = new Rga();
        StringBuilder text = new StringBuilder();
        for (Op op : local.ops()) {
            apply(text, remote.apply(op));
        }
        assertThat(text.toString()).as("%s: index views as plain-text patches", trace.name()).isEqualTo(trace.endContent());
        Rga snap = Rga.decode(remote.encode());
        assertConverged(trace.name(), local.replicas().get(0), remote, snap);
        assertThat(snap.maxCounter()).isEqualTo(remote.maxCounter());
    }

    /** Plain-text application of an index view (code point positions, like IndexView.applyTo). */
    private static void apply(StringBuilder text, Change change) {
        if (change instanceof Change.Inserted ins) {
            text.insert(text.offsetByCodePoints(0, ins.index()), ins.text());
        } else if (change instanceof Change.Deleted del) {
            for (Change.IndexRange r : del.ranges()) {
                int from = text.offsetByCodePoints(0, r.index());
                text.delete(from, text.offsetByCodePoints(from, r.length()));
            }
        }
    }
}
