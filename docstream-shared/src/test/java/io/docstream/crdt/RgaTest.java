package io.docstream.crdt;

import static io.docstream.crdt.Convergence.assertConverged;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RgaTest {

    private static final String EMOJI = "\uD83D\uDE00"; // 😀, one code point, two chars
    private static final String FLAG = "\uD83C\uDDEB\uD83C\uDDF7"; // two code points

    private static Rga replicaWith(Op... ops) {
        Rga r = new Rga();
        for (Op op : ops) {
            r.apply(op);
        }
        return r;
    }

    @Test
    void localEditsProduceTextAndOps() {
        Rga r = new Rga();
        Op.Insert a = r.insert(1, 0, "held");
        Op.Insert b = r.insert(1, 3, "lo wor");
        Op.Delete c = r.delete(2, 2);
        assertThat(r.text()).isEqualTo("heo word");
        assertThat(a).isEqualTo(new Op.Insert(new Id(1, 1), null, "held"));
        assertThat(b).isEqualTo(new Op.Insert(new Id(5, 1), new Id(3, 1), "lo wor"));
        assertThat(c.ranges()).containsExactly(new IdRange(1, 3, 1), new IdRange(1, 5, 1));
        assertThat(r.maxCounter()).isEqualTo(10);
        assertThat(r.length()).isEqualTo(8);
        r.checkInvariants();
        assertConverged("replay", r, replicaWith(a, b, c));
    }

    @Test
    void typingForwardExtendsTheRunInPlace() {
        Rga r = new Rga();
        String word = "forward";
        for (int i = 0; i < word.length(); i++) {
            r.insert(3, i, word.substring(i, i + 1));
        }
        assertThat(r.runCount()).isEqualTo(1);
        assertThat(r.toTestString()).isEqualTo("1@3<^\"forward\"");
        Rga remote = new Rga();
        Rga copy = new Rga();
        for (int i = 0; i < word.length(); i++) {
            Op op = copy.insert(3, i, word.substring(i, i + 1));
            remote.apply(op);
        }
        assertThat(remote.runCount()).isEqualTo(1);
    }

    @Test
    void sameOriginConcurrentInsertsAreOrderedByDescendingId() {
        Rga a = new Rga();
        Op.Insert x = a.insert(1, 0, "x");
        Rga b = replicaWith(x);
        Rga c = replicaWith(x);
        Op.Insert fromA = a.insert(1, 1, "A"); // 2@1
        Op.Insert fromB = b.insert(2, 1, "B"); // 2@2
        Op.Insert fromC = c.insert(0, 1, "C"); // 2@0
        a.apply(fromC);
        a.apply(fromB);
        b.apply(fromA);
        b.apply(fromC);
        c.apply(fromB);
        c.apply(fromA);
        assertThat(a.text()).isEqualTo("xBAC");
        assertConverged("same origin", a, b, c);
    }

    @Test
    void countersCompareNumericallyNotAsStrings() {
        Rga a = new Rga();
        List<Op> opsA = new java.util.ArrayList<>();
        Op.Insert x = a.insert(1, 0, "x");
        for (int i = 0; i < 8; i++) { // push a's counter to 9
            opsA.add(a.insert(1, 1, "-"));
        }
        opsA.add(a.delete(1, 8));
        Rga b = replicaWith(x);
        Op.Insert ten = a.insert(1, 1, "T"); // 10@1
        Op.Insert two = b.insert(2, 1, "w"); // 2@2: "2@2" > "10@1" as strings, 2 < 10 as numbers
        a.apply(two);
        for (Op op : opsA) {
            b.apply(op);
        }
        b.apply(ten);
        assertThat(a.text()).isEqualTo("xTw");
        assertConverged("numeric ids", a, b);
    }

    @Test
    void insertAfterATombstone() {
        Rga a = new Rga();
        Op.Insert abc = a.insert(1, 0, "abc");
        Rga b = replicaWith(abc);
        Op.Delete delB = a.delete(1, 1); // a deletes "b"
        Op.Insert afterB = b.insert(2, 2, "X"); // b types after "b" concurrently
        a.apply(afterB);
        b.apply(delB);
        assertThat(a.text()).isEqualTo("aXc");
        assertThat(a.indexOf(new Id(2, 1))).as("deleted element -> next visible").isEqualTo(1);
        assertConverged("after tombstone", a, b);
        // a later local insert after the tombstone's neighbour lands before the tombstone
        Op.Insert y = a.insert(1, 1, "Y");
        assertThat(y.origin()).isEqualTo(new Id(1, 1));
        assertThat(a.text()).isEqualTo("aYXc");
        b.apply(y);
        assertConverged("after tombstone, then local", a, b);
    }

    @Test
    void deleteInTheMiddleOfARunSplitsItAndTombstonesMergeBack() {
        Rga r = new Rga();
        r.insert(1, 0, "abcdefgh");
        Op.Delete d1 = r.delete(3, 2); // "de"
        assertThat(r.text()).isEqualTo("abcfgh");
        assertThat(d1.ranges()).containsExactly(new IdRange(1, 4, 2));
        assertThat(r.toTestString()).isEqualTo("1@1<^\"abc\" 4@1<3@1~2 6@1<5@1\"fgh\"");
        r.delete(2, 2); // "cf" around the tombstone
        assertThat(r.toTestString()).isEqualTo("1@1<^\"ab\" 3@1<2@1~4 7@1<6@1\"gh\"");
        assertThat(r.runCount()).as("adjacent tombstone pieces merged").isEqualTo(3);
        Change ch = replicaWith(new Op.Insert(new Id(1, 1), null, "abcdefgh")).apply(
                new Op.Delete(List.of(new IdRange(1, 7, 1), new IdRange(1, 2, 2))));
        assertThat(ch).isEqualTo(new Change.Deleted(List.of(
                new Change.IndexRange(6, 1), new Change.IndexRange(1, 2))));
    }

    @Test
    void forwardTypedRunsOfTwoSitesNeverInterleave() {
        Rga a = new Rga();
        Op.Insert base = a.insert(1, 0, "[]");
        Rga b = replicaWith(base);
        List<Op> opsA = new java.util.ArrayList<>();
        List<Op> opsB = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            opsA.add(a.insert(1, 1 + i, "a"));
            opsB.add(b.insert(2, 1 + i, "b"));
        }
        // interleaved delivery
        for (int i = 0; i < 5; i++) {
            a.apply(opsB.get(i));
            b.apply(opsA.get(i));
        }
        assertThat(a.text()).isIn("[aaaaabbbbb]", "[bbbbbaaaaa]");
        assertConverged("two typists", a, b);
    }

    @Test
    void elementsAfterTheOriginSubtreeStopTheScanEvenWithLargerIdsInTheirSubtrees() {
        // "a" (1@1) and "y" (1@0) are children of the start; "o" (2@1) is a's child;
        // "x" (5@0) is y's child with a counter larger than N's. N = 3@2 after "o" must land
        // right after "o" — before "y" — not after "x".
        Op.Insert a = new Op.Insert(new Id(1, 1), null, "a");
        Op.Insert y = new Op.Insert(new Id(1, 0), null, "y");
        Op.Insert o = new Op.Insert(new Id(2, 1), new Id(1, 1), "o");
        Op.Insert x = new Op.Insert(new Id(5, 0), new Id(1, 0), "x");
        Op.Insert n = new Op.Insert(new Id(3, 2), new Id(2, 1), "N");
        Rga r1 = replicaWith(a, y, o, x, n);
        Rga r2 = replicaWith(y, x, a, o, n);
        assertThat(r1.text()).isEqualTo("aoNyx");
        assertConverged("scan stop", r1, r2);
        // a larger sibling's subtree is skipped: S = 4@2 after "o" with child D = 5@2
        Op.Insert s = new Op.Insert(new Id(4, 2), new Id(2, 1), "S");
        Op.Insert d = new Op.Insert(new Id(5, 2), new Id(4, 2), "D");
        r1.apply(s);
        r1.apply(d);
        Rga r3 = replicaWith(y, a, o, s, d, x, n);
        assertThat(r1.text()).isEqualTo("aoSDNyx");
        assertConverged("skip larger sibling subtree", r1, r3);
    }

    @Test
    void insertInsideARunOfAnotherSiteComparesWithTheRunsNextElement() {
        Rga a = new Rga();
        Op.Insert run = a.insert(1, 0, "abcd"); // 1..4@1
        Rga b = replicaWith(run);
        Op.Insert lowN = b.insert(0, 2, "L"); // 5@0 after b (2@1); next of run is 3@1 < 5@0
        a.apply(lowN);
        assertThat(a.text()).isEqualTo("abLcd");
        // a remote insert after b whose id is smaller than the run's next element (3@1) goes after "cd"'s subtree
        Op.Insert small = new Op.Insert(new Id(3, 0), new Id(2, 1), "s");
        a.apply(small);
        b.apply(small);
        assertThat(a.text()).isEqualTo("abLcds");
        assertConverged("inside run", a, b);
    }

    @Test
    void astralCharactersAreOneElementAndNeverSplit() {
        Rga r = new Rga();
        Op.Insert ins = r.insert(1, 0, "a" + EMOJI + "b" + FLAG);
        assertThat(r.length()).isEqualTo(5);
        assertThat(ins.length()).isEqualTo(5);
        r.insert(1, 2, "|");
        assertThat(r.text()).isEqualTo("a" + EMOJI + "|b" + FLAG);
        Op.Delete del = r.delete(1, 1);
        assertThat(r.text()).isEqualTo("a|b" + FLAG);
        assertThat(del.ranges()).containsExactly(new IdRange(1, 2, 1));
        assertThat(r.idAt(4)).isEqualTo(new Id(5, 1));
        assertThat(r.indexOf(new Id(5, 1))).isEqualTo(4);
        r.insert(2, 4, EMOJI);
        assertThat(r.text()).isEqualTo("a|b\uD83C\uDDEB" + EMOJI + "\uD83C\uDDF7");
        Rga copy = Rga.decode(r.encode());
        assertConverged("astral", r, copy);
        assertThat(copy.insert(3, 1, EMOJI + EMOJI).length()).isEqualTo(2);
        assertThat(copy.text()).isEqualTo("a" + EMOJI + EMOJI + "|b\uD83C\uDDEB" + EMOJI + "\uD83C\uDDF7");
    }

    @Test
    void idAtAndIndexOf() {
        Rga r = new Rga();
        r.insert(1, 0, "hello");
        r.delete(1, 2);
        assertThat(r.idAt(0)).isEqualTo(new Id(1, 1));
        assertThat(r.idAt(1)).isEqualTo(new Id(4, 1));
        assertThat(r.indexOf(new Id(2, 1))).isEqualTo(1);
        assertThat(r.indexOf(new Id(5, 1))).isEqualTo(2);
        assertThat(r.indexOf(new Id(6, 1))).isEqualTo(-1);
        assertThat(r.indexOf(new Id(1, 9))).isEqualTo(-1);
        assertThatThrownBy(() -> r.idAt(3)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void changesAreTheIndexViewOfRemoteOps() {
        Rga a = new Rga();
        Rga b = new Rga();
        Op.Insert i1 = a.insert(1, 0, "abcdef");
        assertThat(b.apply(i1)).isEqualTo(new Change.Inserted(0, "abcdef"));
        Op.Insert i2 = a.insert(1, 3, "XY");
        assertThat(b.apply(i2)).isEqualTo(new Change.Inserted(3, "XY"));
        Op.Delete d = a.delete(2, 4); // "cXYd"
        assertThat(b.apply(d)).isEqualTo(new Change.Deleted(List.of(new Change.IndexRange(2, 4))));
        assertThat(b.apply(d)).isEqualTo(Change.NONE);
        assertThat(b.apply(i2)).isEqualTo(Change.NONE);
        assertConverged("changes", a, b);
    }

    @Test
    void remoteOpErrorsLeaveTheReplicaUnchanged() {
        Rga r = new Rga();
        Op.Insert ab = r.insert(1, 0, "ab");
        byte[] before = r.encode();
        assertCode(() -> r.apply(new Op.Insert(new Id(9, 2), new Id(7, 7), "x")), CrdtException.Code.UNKNOWN_ORIGIN);
        assertCode(() -> r.apply(new Op.Delete(List.of(new IdRange(1, 1, 2), new IdRange(1, 2, 2)))),
                CrdtException.Code.UNKNOWN_TARGET);
        assertCode(() -> r.apply(new Op.Insert(new Id(2, 1), null, "ab")), CrdtException.Code.ID_CONFLICT);
        assertCode(() -> r.apply(new Op.Insert(new Id(1, 1), null, "aX")), CrdtException.Code.ID_CONFLICT);
        assertCode(() -> r.apply(new Op.Insert(new Id(1, 1), new Id(1, 1), "ab")), CrdtException.Code.INVALID_OP);
        assertCode(() -> r.apply(new Op.Insert(new Id(2, 3), new Id(2, 1), "q")), CrdtException.Code.INVALID_OP);
        assertCode(() -> r.apply(new Op.Insert(new Id(Integer.MAX_VALUE, 3), null, "qq")), CrdtException.Code.INVALID_OP);
        assertThat(r.encode()).isEqualTo(before);
        assertThat(r.apply(ab)).isEqualTo(Change.NONE);
        assertThat(r.apply(new Op.Insert(new Id(2, 1), new Id(1, 1), "b"))).as("sub-run duplicate").isEqualTo(Change.NONE);
        assertThat(r.isReady(new Op.Insert(new Id(9, 2), new Id(7, 7), "x"))).isFalse();
        assertThat(r.isReady(new Op.Delete(List.of(new IdRange(1, 1, 2))))).isTrue();
        assertThat(r.isReady(new Op.Delete(List.of(new IdRange(1, 1, 3))))).isFalse();
    }

    @Test
    void localEditArgumentsAreValidated() {
        Rga r = new Rga();
        r.insert(1, 0, "abc");
        assertThatThrownBy(() -> r.insert(1, 4, "x")).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> r.insert(1, 0, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> r.insert(-1, 0, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> r.delete(2, 2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> r.delete(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(r.text()).isEqualTo("abc");
    }

    @Test
    void manyRunsGrowTheTreeAndKeepItConsistent() {
        Rga r = new Rga();
        StringBuilder ref = new StringBuilder();
        java.util.Random rnd = new java.util.Random(42);
        for (int i = 0; i < 20_000; i++) {
            int pos = rnd.nextInt(ref.length() + 1);
            if (ref.length() > 0 && rnd.nextInt(4) == 0) {
                int len = 1 + rnd.nextInt(Math.min(5, ref.length() - Math.min(pos, ref.length() - 1)));
                pos = Math.min(pos, ref.length() - len);
                r.delete(pos, len);
                ref.delete(pos, pos + len);
            } else {
                String s = Character.toString('a' + rnd.nextInt(26));
                r.insert(1 + rnd.nextInt(3), pos, s);
                ref.insert(pos, s);
            }
        }
        r.checkInvariants();
        assertThat(r.text()).isEqualTo(ref.toString());
        assertConverged("decode", r, Rga.decode(r.encode()));
    }

    private static void assertCode(Runnable r, CrdtException.Code code) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(CrdtException.class, e -> assertThat(e.code()).isEqualTo(code));
    }
}
