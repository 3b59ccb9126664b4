package io.docstream.crdt;

import static io.docstream.crdt.Convergence.assertConverged;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CausalBufferTest {

    @Test
    void holdsOpsUntilTheirDependenciesArriveAndReleasesThemInAValidOrder() {
        Rga author = new Rga();
        List<Op> ops = new ArrayList<>();
        ops.add(author.insert(1, 0, "hello"));
        ops.add(author.insert(1, 5, " world"));
        ops.add(author.delete(0, 1));
        ops.add(author.insert(2, 1, "E"));
        ops.add(author.delete(5, 1));

        Rga replica = new Rga();
        CausalBuffer buffer = new CausalBuffer(replica);
        assertThat(buffer.deliver(ops.get(4))).isEmpty(); // delete of " " (needs op 1)
        assertThat(buffer.deliver(ops.get(2))).isEmpty(); // delete of "h" (needs op 0)
        assertThat(buffer.deliver(ops.get(3))).isEmpty(); // "E" after "e" (needs op 0)
        assertThat(buffer.pending()).isEqualTo(3);
        assertThat(replica.isReady(ops.get(1))).isFalse();
        assertThat(buffer.deliver(ops.get(1))).isEmpty(); // " world" after "o" (needs op 0)
        assertThat(buffer.pending()).isEqualTo(4);

        List<Change> changes = buffer.deliver(ops.get(0));
        assertThat(changes).hasSize(5);
        assertThat(changes.get(0)).isEqualTo(new Change.Inserted(0, "hello"));
        assertThat(buffer.pending()).isZero();
        assertThat(replica.text()).isEqualTo("eElloworld");
        assertConverged("buffered", author, replica);
    }

    @Test
    void anyShuffledDeliveryConverges() {
        for (long seed = 1; seed <= 50; seed++) {
            Random rnd = new Random(seed);
            Rga author = new Rga();
            List<Op> ops = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                if (author.length() > 2 && rnd.nextInt(3) == 0) {
                    ops.add(author.delete(rnd.nextInt(author.length() - 1), 1 + rnd.nextInt(2)));
                } else {
                    ops.add(author.insert(1 + rnd.nextInt(2), rnd.nextInt(author.length() + 1), "x" + i));
                }
            }
            Collections.shuffle(ops, rnd);
            Rga replica = new Rga();
            CausalBuffer buffer = new CausalBuffer(replica);
            for (Op op : ops) {
                buffer.deliver(op);
            }
            assertThat(buffer.pending()).as("seed %d", seed).isZero();
            assertConverged("seed " + seed, author, replica);
        }
    }

    @Test
    void aConflictingOpIsReportedAndDropped() {
        Rga replica = new Rga();
        CausalBuffer buffer = new CausalBuffer(replica);
        buffer.deliver(new Op.Insert(new Id(1, 1), null, "ab"));
        assertThatThrownBy(() -> buffer.deliver(new Op.Insert(new Id(2, 1), null, "zz")))
                .isInstanceOfSatisfying(CrdtException.class, e -> assertThat(e.code()).isEqualTo(CrdtException.Code.ID_CONFLICT));
        assertThat(buffer.pending()).isZero();
        assertThat(replica.text()).isEqualTo("ab");
    }
}
