package io.docstream.crdt;

import static io.docstream.crdt.Leaf.CTR;
import static io.docstream.crdt.Leaf.F;
import static io.docstream.crdt.Leaf.LEN;
import static io.docstream.crdt.Leaf.OCTR;
import static io.docstream.crdt.Leaf.OSITE;
import static io.docstream.crdt.Leaf.SITE;
import static io.docstream.crdt.Leaf.TEXT;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One replica of an RGA text sequence.
 *
 * <p>All indexes and lengths count Unicode code points; a surrogate pair (emoji) is one element
 * and is never split. Local edits return the op to send to other replicas; {@link #apply(Op)}
 * integrates a remote op idempotently and returns its index view. Not thread-safe: a replica
 * belongs to one thread (one Streams task, one socket).
 *
 * <h2>Ordering</h2>
 * Element ids are (Lamport counter, site). Concurrent inserts after the same origin are ordered
 * by descending id (counter, then site — numerically, never as strings), skipping the subtrees of
 * larger siblings (see {@link Integration}). A local insert gets the ids
 * {@code maxCounter()+1 ..} and lands immediately after its origin, before any tombstones that
 * follow it.
 *
 * <h2>Policy for remote ops</h2>
 * <ul>
 *   <li>Idempotent: an insert whose ids all exist as the same run (same origin, same text) and a
 *       delete of already-deleted elements return {@link Change#NONE}.
 *   <li>The engine <b>rejects ops with missing dependencies</b> with a typed
 *       {@link CrdtException}: {@code UNKNOWN_ORIGIN} (insert after an unknown element),
 *       {@code UNKNOWN_TARGET} (delete of an unknown element); it never guesses a position or
 *       drops an op silently. Peers that may receive ops out of causal order put a
 *       {@link CausalBuffer} in front of the replica: it holds ops until {@link #isReady(Op)} and
 *       releases them in a valid order.
 *   <li>{@code ID_CONFLICT}: an insert whose ids partly exist, or exist with another origin or
 *       text. {@code INVALID_OP}: an insert whose counter is not greater than its origin's, or
 *       whose ids overflow.
 *   <li>On any exception the replica is unchanged (ops are validated before any mutation).
 * </ul>
 *
 * <h2>Representation</h2>
 * Runs (consecutive elements typed by one site) are one item, split on demand, kept in an
 * order-statistic B-tree ({@link RunTree}); position to element and element to position are
 * O(log n). Deleted elements are tombstones without content.
 */
public final class Rga {

    private final RunTree t;
    private int maxCounter;

    public Rga() {
        this(new RunTree(), 0);
    }

    private Rga(RunTree tree, int maxCounter) {
        this.t = tree;
        this.maxCounter = maxCounter;
    }

    // ------------------------------------------------------------------ local edits

    /** Local insert of {@code text} at visible index {@code index} by {@code site}. */
    public Op.Insert insert(int site, int index, String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            throw new IllegalArgumentException("text must not be empty");
        }
        if (site < 0) {
            throw new IllegalArgumentException("site must be >= 0: " + site);
        }
        if (index < 0 || index > t.visLen) {
            throw new IndexOutOfBoundsException("index " + index + " outside 0.." + t.visLen);
        }
        int cps = text.codePointCount(0, text.length());
        if ((long) maxCounter + cps > Integer.MAX_VALUE) {
            throw new IllegalStateException("Lamport counter exhausted");
        }
        int ctr = maxCounter + 1;
        Id origin;
        if (index == 0) {
            origin = null;
            int off = t.appendText(text, cps, site, ctr + cps - 1);
            t.insertRun(t.first, 0, site, ctr, cps, -1, 0, off);
        } else {
            t.findVisible(index - 1);
            Leaf l = t.cLeaf;
            int k = t.cIdx;
            int off = t.cOff;
            int[] d = l.d;
            int b = k * F;
            int oSite = d[b + SITE];
            int oCtr = d[b + CTR] + off;
            origin = new Id(oCtr, oSite);
            if (off < d[b + LEN] - 1) {
                t.splitRun(l, k, off + 1);
                int text0 = t.appendText(text, cps, site, ctr + cps - 1);
                t.insertRun(t.cLeaf, t.cIdx, site, ctr, cps, oSite, oCtr, text0);
            } else if (Integration.canExtend(t, l, k, site, ctr)) {
                t.appendText(text, cps, site, ctr + cps - 1);
                t.extendRun(l, k, cps);
            } else {
                int text0 = t.appendText(text, cps, site, ctr + cps - 1);
                t.insertRun(l, k + 1, site, ctr, cps, oSite, oCtr, text0);
            }
        }
        maxCounter += cps;
        return new Op.Insert(new Id(ctr, site), origin, text);
    }

    /** Local delete of {@code length} visible code points starting at {@code index}. */
    public Op.Delete delete(int index, int length) {
        if (length < 1) {
            throw new IllegalArgumentException("length must be >= 1: " + length);
        }
        if (index < 0 || (long) index + length > t.visLen) {
            throw new IndexOutOfBoundsException(
                    "range " + index + "+" + length + " outside 0.." + t.visLen);
        }
        List<IdRange> ranges = new ArrayList<>(2);
        t.findVisible(index);
        Leaf l = t.cLeaf;
        int i = t.cIdx;
        int off = t.cOff;
        int remaining = length;
        int rSite = -1;
        int rCtr = 0;
        int rLen = 0;
        while (remaining > 0) {
            if (i >= l.n) {
                l = l.next;
                i = 0;
                continue;
            }
            if (l.deleted(i)) {
                i++;
                continue;
            }
            int n = Math.min(l.len(i) - off, remaining);
            int site = l.site(i);
            int ctr = l.ctr(i) + off;
            if (site == rSite && rCtr + rLen == ctr) {
                rLen += n;
            } else {
                if (rLen > 0) {
                    ranges.add(new IdRange(rSite, rCtr, rLen));
                }
                rSite = site;
                rCtr = ctr;
                rLen = n;
            }
            t.deleteInRun(l, i, off, n);
            l = t.cLeaf;
            i = t.cIdx + 1;
            off = 0;
            remaining -= n;
        }
        ranges.add(new IdRange(rSite, rCtr, rLen));
        return new Op.Delete(ranges);
    }

    // ------------------------------------------------------------------ remote ops

    /**
     * Integrates a remote op. Idempotent: applying an op twice changes nothing the second time
     * (returns {@link Change#NONE}). Throws {@link CrdtException} (replica unchanged) when the op
     * depends on elements this replica does not have or conflicts with existing ids.
     */
    public Change apply(Op op) {
        Objects.requireNonNull(op, "op");
        if (op instanceof Op.Insert ins) {
            return applyInsert(ins);
        }
        return applyDelete((Op.Delete) op);
    }

    private Change applyInsert(Op.Insert op) {
        Id id = op.id();
        Id origin = op.origin();
        int cps = op.length();
        long last = (long) id.counter() + cps - 1;
        if (last > Integer.MAX_VALUE) {
            throw new CrdtException(CrdtException.Code.INVALID_OP, "insert " + id + " overflows the counter");
        }
        if (origin != null && origin.counter() >= id.counter()) {
            throw new CrdtException(CrdtException.Code.INVALID_OP,
                    "insert " + id + " has a counter not greater than its origin " + origin);
        }
        if (t.anyExists(id.site(), id.counter(), (int) last)) {
            if (isSameRun(op, cps)) {
                return Change.NONE;
            }
            throw new CrdtException(CrdtException.Code.ID_CONFLICT,
                    "insert " + id + "+" + cps + " reuses existing ids with other content or origin");
        }
        if (origin != null && !t.locate(origin.site(), origin.counter())) {
            throw new CrdtException(CrdtException.Code.UNKNOWN_ORIGIN,
                    "insert " + id + " after unknown element " + origin);
        }
        Integration.integrate(t, id.site(), id.counter(), cps, origin, op.text(), cps);
        int index = t.visBefore(t.cLeaf, t.cIdx) + t.cOff;
        maxCounter = Math.max(maxCounter, (int) last);
        return new Change.Inserted(index, op.text());
    }

    /** All ids of the insert exist, chained like the op says, with its text where visible. */
    private boolean isSameRun(Op.Insert op, int cps) {
        int site = op.id().site();
        int ctr = op.id().counter();
        String text = op.text();
        int ti = 0;
        int done = 0;
        while (done < cps) {
            if (!t.locate(site, ctr + done)) {
                return false;
            }
            Leaf l = t.cLeaf;
            int b = t.cIdx * F;
            int[] d = l.d;
            int off = t.cOff;
            // origin of element ctr+done
            int oSite;
            int oCtr;
            if (off > 0) {
                oSite = site;
                oCtr = ctr + done - 1;
            } else {
                oSite = d[b + OSITE];
                oCtr = d[b + OCTR];
            }
            if (done == 0) {
                Id o = op.origin();
                if (o == null ? oSite >= 0 : (oSite != o.site() || oCtr != o.counter())) {
                    return false;
                }
            } else if (oSite != site || oCtr != ctr + done - 1) {
                return false;
            }
            int n = Math.min(d[b + LEN] - off, cps - done);
            int textOff = d[b + TEXT];
            if (textOff >= 0) {
                int c = t.charOffset(textOff, off);
                for (int k = 0; k < n; k++) {
                    int cp = Character.codePointAt(t.buf, c);
                    if (cp != text.codePointAt(ti)) {
                        return false;
                    }
                    c += Character.charCount(cp);
                    ti += Character.charCount(cp);
                }
            } else {
                ti = text.offsetByCodePoints(ti, n);
            }
            done += n;
        }
        return true;
    }

    private Change applyDelete(Op.Delete op) {
        // pass 1: validate every target and collect the visible pieces (indexes before the op)
        int[] pieces = new int[8];
        int np = 0;
        for (IdRange r : op.ranges()) {
            long end = (long) r.counter() + r.length();
            if (end - 1 > Integer.MAX_VALUE) {
                throw new CrdtException(CrdtException.Code.UNKNOWN_TARGET, "delete range overflows: " + r);
            }
            int c = r.counter();
            while (c < end) {
                if (!t.locate(r.site(), c)) {
                    throw new CrdtException(CrdtException.Code.UNKNOWN_TARGET,
                            "delete of unknown element " + new Id(c, r.site()));
                }
                Leaf l = t.cLeaf;
                int n = (int) Math.min(l.len(t.cIdx) - t.cOff, end - c);
                if (!l.deleted(t.cIdx)) {
                    if (np + 2 > pieces.length) {
                        pieces = java.util.Arrays.copyOf(pieces, pieces.length * 2);
                    }
                    pieces[np++] = t.visBefore(l, t.cIdx) + t.cOff;
                    pieces[np++] = n;
                }
                c += n;
            }
        }
        if (np == 0) {
            return Change.NONE;
        }
        // pass 2: tombstone
        for (IdRange r : op.ranges()) {
            long end = (long) r.counter() + r.length();
            int c = r.counter();
            while (c < end) {
                t.locate(r.site(), c);
                Leaf l = t.cLeaf;
                int i = t.cIdx;
                int off = t.cOff;
                int n = (int) Math.min(l.len(i) - off, end - c);
                if (!l.deleted(i)) {
                    t.deleteInRun(l, i, off, n);
                }
                c += n;
            }
        }
        return new Change.Deleted(IndexRanges.descending(pieces, np));
    }

    /** True when every element the op refers to (origin, delete targets) is present. */
    public boolean isReady(Op op) {
        if (op instanceof Op.Insert ins) {
            Id o = ins.origin();
            return o == null || t.locate(o.site(), o.counter());
        }
        for (IdRange r : ((Op.Delete) op).ranges()) {
            long end = (long) r.counter() + r.length();
            long c = r.counter();
            while (c < end) {
                if (c > Integer.MAX_VALUE || !t.locate(r.site(), (int) c)) {
                    return false;
                }
                c += t.cLeaf.len(t.cIdx) - t.cOff;
            }
        }
        return true;
    }

    /** The first id the op needs that this replica lacks, or null when {@link #isReady(Op) ready}. */
    public Id missingDependency(Op op) {
        if (op instanceof Op.Insert ins) {
            Id o = ins.origin();
            return o == null || t.locate(o.site(), o.counter()) ? null : o;
        }
        for (IdRange r : ((Op.Delete) op).ranges()) {
            long end = (long) r.counter() + r.length();
            long c = r.counter();
            while (c < end) {
                if (c > Integer.MAX_VALUE || !t.locate(r.site(), (int) c)) {
                    return new Id((int) Math.min(c, Integer.MAX_VALUE), r.site());
                }
                c += t.cLeaf.len(t.cIdx) - t.cOff;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ queries

    /** Visible text. */
    public String text() {
        StringBuilder sb = new StringBuilder(t.visLen + 16);
        for (Leaf l = t.first; l != null; l = l.next) {
            for (int i = 0; i < l.n; i++) {
                t.appendRunText(sb, l, i);
            }
        }
        return sb.toString();
    }

    /** Visible length in code points. */
    public int length() {
        return t.visLen;
    }

    /** Largest Lamport counter seen; the next local insert uses {@code maxCounter() + 1}. */
    public int maxCounter() {
        return maxCounter;
    }

    /** Id of the visible code point at {@code index}. */
    public Id idAt(int index) {
        if (index < 0 || index >= t.visLen) {
            throw new IndexOutOfBoundsException("index " + index + " outside 0.." + (t.visLen - 1));
        }
        t.findVisible(index);
        return new Id(t.cLeaf.ctr(t.cIdx) + t.cOff, t.cLeaf.site(t.cIdx));
    }

    /**
     * Visible index of element {@code id}; for a deleted element, the index of the next visible
     * element (where a cursor anchored to it now sits). -1 when the id is unknown.
     */
    public int indexOf(Id id) {
        if (!t.locate(id.site(), id.counter())) {
            return -1;
        }
        Leaf l = t.cLeaf;
        int i = t.cIdx;
        return t.visBefore(l, i) + (l.deleted(i) ? 0 : t.cOff);
    }

    /** True when the element exists (visible or deleted). */
    public boolean contains(Id id) {
        return t.locate(id.site(), id.counter());
    }

    /** Number of runs (items) held, tombstone runs included; a measure of fragmentation. */
    public int runCount() {
        int n = 0;
        for (Leaf l = t.first; l != null; l = l.next) {
            n += l.n;
        }
        return n;
    }

    /** Number of elements held, tombstones included. */
    public int elementCount() {
        return t.totLen;
    }

    /** Compact binary snapshot of the whole replica including tombstones. */
    public byte[] encode() {
        return SnapshotCodec.encode(t, maxCounter);
    }

    /** Inverse of {@link #encode()}. */
    public static Rga decode(byte[] snapshot) {
        int[] max = new int[1];
        RunTree tree = SnapshotCodec.decode(snapshot, max);
        return new Rga(tree, max[0]);
    }

    /**
     * Debug rendering of every run in document order, tombstones included, with maximal runs so
     * that converged replicas render identically, e.g. {@code 1@0<^"ab" 3@1<1@0~2}: run
     * {@code counter@site}, {@code <origin} ({@code ^} = start of document), then the text or
     * {@code ~n} for n deleted elements.
     */
    public String toTestString() {
        return DebugRender.render(t);
    }

    /** Verifies the internal invariants (for tests); throws IllegalStateException when broken. */
    void checkInvariants() {
        t.check();
    }

    @Override
    public String toString() {
        return "Rga[length=" + t.visLen + ", elements=" + t.totLen + ", maxCounter=" + maxCounter + "]";
    }
}
