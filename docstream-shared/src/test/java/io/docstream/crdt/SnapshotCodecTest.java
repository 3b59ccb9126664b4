package io.docstream.crdt;

import static io.docstream.crdt.Convergence.assertConverged;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotCodecTest {

    @Test
    void emptyReplicaRoundTrips() {
        Rga empty = Rga.decode(new Rga().encode());
        assertThat(empty.text()).isEmpty();
        assertThat(empty.maxCounter()).isZero();
        assertThat(empty.insert(1, 0, "x").id()).isEqualTo(new Id(1, 1));
    }

    @Test
    void roundTripKeepsTombstonesIdsAndCounter() {
        Rga r = new Rga();
        r.insert(7, 0, "hello \uD83D\uDE00 world");
        r.delete(2, 3);
        r.insert(1_000_000, 4, "XY");
        Rga copy = Rga.decode(r.encode());
        assertConverged("round trip", r, copy);
        assertThat(copy.maxCounter()).isEqualTo(r.maxCounter());
        assertThat(copy.indexOf(new Id(3, 7))).isEqualTo(r.indexOf(new Id(3, 7)));
        assertThat(copy.elementCount()).isEqualTo(r.elementCount());
        // both continue identically
        Op.Insert a = r.insert(7, 1, "q");
        Op.Insert b = copy.insert(7, 1, "q");
        assertThat(b).isEqualTo(a);
        assertThat(copy.apply(new Op.Delete(List.of(new IdRange(7, 3, 1))))).isEqualTo(Change.NONE);
        assertConverged("after edits", r, copy);
    }

    @Test
    void snapshotIsCompact() {
        Rga r = new Rga();
        for (int i = 0; i < 1000; i++) {
            r.insert(1, i, "a");
        }
        r.delete(100, 500);
        assertThat(r.encode().length).isLessThan(600);
    }

    @Test
    void corruptSnapshotsAreRejected() {
        Rga r = new Rga();
        r.insert(1, 0, "abc");
        r.delete(1, 1);
        byte[] good = r.encode();
        assertThatThrownBy(() -> Rga.decode(new byte[] {1, 2, 3})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rga.decode(Arrays.copyOf(good, good.length - 1))).isInstanceOf(IllegalArgumentException.class);
        byte[] longer = Arrays.copyOf(good, good.length + 1);
        assertThatThrownBy(() -> Rga.decode(longer)).isInstanceOf(IllegalArgumentException.class);
    }
}
