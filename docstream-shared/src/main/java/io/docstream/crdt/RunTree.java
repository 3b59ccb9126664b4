package io.docstream.crdt;

import static io.docstream.crdt.Leaf.CTR;
import static io.docstream.crdt.Leaf.F;
import static io.docstream.crdt.Leaf.LEN;
import static io.docstream.crdt.Leaf.OCTR;
import static io.docstream.crdt.Leaf.OSITE;
import static io.docstream.crdt.Leaf.SITE;
import static io.docstream.crdt.Leaf.TEXT;

import java.util.Arrays;

/**
 * The replica's storage: an order-statistic B-tree over runs (leaves of {@link Leaf#CAP} runs,
 * internal nodes caching visible and total length per child), the id index ({@link IdIndex}) and
 * one append-only char buffer holding the text of visible runs. Position to run and run to
 * position are O(log n). Every primitive keeps counts, links and the index consistent.
 *
 * <p>Lookups report their result in the cursor fields {@link #cLeaf}, {@link #cIdx},
 * {@link #cOff} (a replica is single-threaded).
 */
final class RunTree {
    Inner root;
    final Leaf first;
    int visLen;
    int totLen;
    final IdIndex index = new IdIndex();

    char[] buf = new char[16];
    int bufLen;
    /** True once any surrogate pair was stored: then code point offsets differ from char offsets. */
    boolean astral;
    /** Id of the element whose text ends at {@link #bufLen} (typing forward extends its run). */
    int tailSite = -1;
    int tailCtr;

    Leaf cLeaf;
    int cIdx;
    int cOff;

    RunTree() {
        root = new Inner();
        first = new Leaf();
        attach(root, 0, first, 0, 0);
        root.n = 1;
    }

    // ---------------------------------------------------------------- lookups

    /** Locates the run holding visible code point {@code index} ({@code 0 <= index < visLen}). */
    void findVisible(int index) {
        Node node = root;
        while (node instanceof Inner in) {
            int j = 0;
            int[] v = in.vis;
            while (index >= v[j]) {
                index -= v[j];
                j++;
            }
            node = in.kids[j];
        }
        Leaf l = (Leaf) node;
        int[] d = l.d;
        for (int i = 0, b = 0; ; i++, b += F) {
            if (d[b + TEXT] >= 0) {
                int len = d[b + LEN];
                if (index < len) {
                    cLeaf = l;
                    cIdx = i;
                    cOff = index;
                    return;
                }
                index -= len;
            }
        }
    }

    /** Locates element {@code ctr@site}; false when it does not exist. */
    boolean locate(int site, int ctr) {
        SiteRuns runs = index.get(site);
        if (runs == null) {
            return false;
        }
        Leaf l = runs.floor(ctr);
        if (l == null) {
            return false;
        }
        int start = runs.floorKey;
        int[] d = l.d;
        for (int i = 0, b = 0; i < l.n; i++, b += F) {
            if (d[b + CTR] == start && d[b + SITE] == site) {
                if (ctr - start >= d[b + LEN]) {
                    return false;
                }
                cLeaf = l;
                cIdx = i;
                cOff = ctr - start;
                return true;
            }
        }
        throw new IllegalStateException("id index out of sync for " + start + "@" + site);
    }

    /** True when some element {@code c@site} with {@code from <= c <= to} exists. */
    boolean anyExists(int site, int from, int to) {
        SiteRuns runs = index.get(site);
        if (runs == null) {
            return false;
        }
        Leaf l = runs.floor(to);
        if (l == null) {
            return false;
        }
        int start = runs.floorKey;
        if (start >= from) {
            return true;
        }
        return locate(site, start) && start + cLeaf.len(cIdx) - 1 >= from;
    }

    /** Number of visible code points before run {@code i} of leaf {@code l}. */
    int visBefore(Leaf l, int i) {
        int s = 0;
        int[] d = l.d;
        for (int k = 0, b = 0; k < i; k++, b += F) {
            if (d[b + TEXT] >= 0) {
                s += d[b + LEN];
            }
        }
        Node c = l;
        for (Inner p = c.parent; p != null; c = p, p = p.parent) {
            int[] v = p.vis;
            for (int j = 0; j < c.slot; j++) {
                s += v[j];
            }
        }
        return s;
    }

    /** Number of elements (tombstones included) before run {@code i} of leaf {@code l}. */
    int totBefore(Leaf l, int i) {
        int s = 0;
        int[] d = l.d;
        for (int k = 0, b = 0; k < i; k++, b += F) {
            s += d[b + LEN];
        }
        Node c = l;
        for (Inner p = c.parent; p != null; c = p, p = p.parent) {
            int[] t = p.tot;
            for (int j = 0; j < c.slot; j++) {
                s += t[j];
            }
        }
        return s;
    }

    /** Absolute position (tombstones included) of an existing element. */
    int absPos(int site, int ctr) {
        if (!locate(site, ctr)) {
            throw new IllegalStateException("missing element " + ctr + "@" + site);
        }
        return totBefore(cLeaf, cIdx) + cOff;
    }

    Leaf lastLeaf() {
        Node node = root;
        while (node instanceof Inner in) {
            node = in.kids[in.n - 1];
        }
        return (Leaf) node;
    }

    // ---------------------------------------------------------------- text

    /** Appends text to the buffer and returns its offset. */
    int appendText(String s, int codePoints, int site, int lastCtr) {
        int need = bufLen + s.length();
        if (need > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(need, buf.length + (buf.length >> 1)));
        }
        int off = bufLen;
        s.getChars(0, s.length(), buf, off);
        bufLen = need;
        if (codePoints != s.length()) {
            astral = true;
        }
        tailSite = site;
        tailCtr = lastCtr;
        return off;
    }

    /** Char offset of the code point {@code cps} code points after char offset {@code text}. */
    int charOffset(int text, int cps) {
        return astral ? Character.offsetByCodePoints(buf, 0, bufLen, text, cps) : text + cps;
    }

    void appendRunText(StringBuilder sb, Leaf l, int i) {
        int b = i * F;
        int text = l.d[b + TEXT];
        if (text >= 0) {
            sb.append(buf, text, charOffset(text, l.d[b + LEN]) - text);
        }
    }

    // ---------------------------------------------------------------- structural primitives

    /** Adds count deltas on the path from {@code l} to the root. */
    void addCounts(Leaf l, int dVis, int dTot) {
        Node c = l;
        for (Inner p = c.parent; p != null; c = p, p = p.parent) {
            p.vis[c.slot] += dVis;
            p.tot[c.slot] += dTot;
        }
        visLen += dVis;
        totLen += dTot;
    }

    /** Inserts a new run at {@code (l, i)}, registering it in the id index and the counts. */
    void insertRun(Leaf l, int i, int site, int ctr, int len, int osite, int octr, int text) {
        insertRaw(l, i, site, ctr, len, osite, octr, text);
        addCounts(cLeaf, text >= 0 ? len : 0, len);
    }

    /**
     * Inserts a run at {@code (l, i)} without touching counts; result position in the cursor.
     * Splits the leaf when full.
     */
    private void insertRaw(Leaf l, int i, int site, int ctr, int len, int osite, int octr, int text) {
        if (l.n == Leaf.CAP) {
            Leaf r = splitLeaf(l, i);
            if (i > l.n || l.n == Leaf.CAP) {
                i -= l.n;
                l = r;
            }
        }
        int[] d = l.d;
        int b = i * F;
        System.arraycopy(d, b, d, b + F, (l.n - i) * F);
        d[b + SITE] = site;
        d[b + CTR] = ctr;
        d[b + LEN] = len;
        d[b + OSITE] = osite;
        d[b + OCTR] = octr;
        d[b + TEXT] = text;
        l.n++;
        index.put(site, ctr, l);
        cLeaf = l;
        cIdx = i;
    }

    /**
     * Splits run {@code (l, i)} at code point offset {@code off} ({@code 0 < off < len}); the
     * right piece (origin = last element of the left piece) ends up at the cursor.
     */
    void splitRun(Leaf l, int i, int off) {
        int[] d = l.d;
        int b = i * F;
        int site = d[b + SITE];
        int ctr = d[b + CTR];
        int len = d[b + LEN];
        int text = d[b + TEXT];
        int rText = text < 0 ? -1 : charOffset(text, off);
        d[b + LEN] = off;
        insertRaw(l, i + 1, site, ctr + off, len - off, site, ctr + off - 1, rText);
        if (cLeaf != l) {
            // the leaf split; the right piece's counts are still booked on the original leaf
            Leaf r = cLeaf;
            int ri = cIdx;
            int rv = rText >= 0 ? len - off : 0;
            addCounts(l, -rv, -(len - off));
            addCounts(r, rv, len - off);
            cLeaf = r;
            cIdx = ri;
        }
    }

    /** Grows run {@code (l, i)} by {@code add} elements whose text was just appended. */
    void extendRun(Leaf l, int i, int add) {
        l.d[i * F + LEN] += add;
        addCounts(l, add, add);
    }

    /**
     * Deletes {@code n} elements of visible run {@code (l, i)} from offset {@code off}: splits as
     * needed, tombstones the piece and merges it with adjacent mergeable tombstones. The cursor
     * ends on the tombstone run that now holds the piece.
     */
    void deleteInRun(Leaf l, int i, int off, int n) {
        if (off > 0) {
            splitRun(l, i, off);
            l = cLeaf;
            i = cIdx;
        }
        if (n < l.len(i)) {
            splitRun(l, i, n);
            // the deleted piece sits just before the right piece
            if (cIdx > 0) {
                l = cLeaf;
                i = cIdx - 1;
            } else {
                l = cLeaf.prev;
                i = l.n - 1;
            }
        }
        l.d[i * F + TEXT] = -1;
        addCounts(l, -n, 0);
        if (i + 1 < l.n && mergeable(l, i)) {
            merge(l, i);
        }
        if (i > 0 && mergeable(l, i - 1)) {
            merge(l, i - 1);
            i--;
        }
        cLeaf = l;
        cIdx = i;
    }

    /** Runs {@code i} and {@code i+1} of {@code l} are adjacent tombstones of one chain. */
    private static boolean mergeable(Leaf l, int i) {
        int[] d = l.d;
        int a = i * F;
        int b = a + F;
        return d[a + TEXT] < 0
                && d[b + TEXT] < 0
                && d[a + SITE] == d[b + SITE]
                && d[a + CTR] + d[a + LEN] == d[b + CTR]
                && d[b + OSITE] == d[a + SITE]
                && d[b + OCTR] == d[b + CTR] - 1;
    }

    private void merge(Leaf l, int i) {
        int[] d = l.d;
        int a = i * F;
        int b = a + F;
        d[a + LEN] += d[b + LEN];
        index.remove(d[b + SITE], d[b + CTR]);
        System.arraycopy(d, b + F, d, b, (l.n - i - 2) * F);
        l.n--;
    }

    /**
     * Splits a full leaf; returns the new right leaf. Appending at the end moves nothing (so
     * sequential appends fill leaves completely); otherwise half of the runs move.
     */
    private Leaf splitLeaf(Leaf l, int at) {
        int keep = at == Leaf.CAP ? Leaf.CAP : Leaf.CAP / 2;
        Leaf r = new Leaf();
        int moved = l.n - keep;
        System.arraycopy(l.d, keep * F, r.d, 0, moved * F);
        r.n = moved;
        l.n = keep;
        int mv = 0;
        int mt = 0;
        int[] d = r.d;
        for (int k = 0, b = 0; k < moved; k++, b += F) {
            index.setLeaf(d[b + SITE], d[b + CTR], r);
            mt += d[b + LEN];
            if (d[b + TEXT] >= 0) {
                mv += d[b + LEN];
            }
        }
        r.prev = l;
        r.next = l.next;
        if (l.next != null) {
            l.next.prev = r;
        }
        l.next = r;
        Inner p = l.parent;
        p.vis[l.slot] -= mv;
        p.tot[l.slot] -= mt;
        insertChild(p, l.slot + 1, r, mv, mt);
        return r;
    }

    private void insertChild(Inner p, int j, Node child, int v, int t) {
        if (p.n == Inner.CAP) {
            Inner q = splitInner(p, j, v, t);
            if (j > p.n || p.n == Inner.CAP) {
                // the new child's counts are booked on p's path; it goes to q instead
                adjustPath(p, -v, -t);
                adjustPath(q, v, t);
                j -= p.n;
                p = q;
            }
        }
        System.arraycopy(p.kids, j, p.kids, j + 1, p.n - j);
        System.arraycopy(p.vis, j, p.vis, j + 1, p.n - j);
        System.arraycopy(p.tot, j, p.tot, j + 1, p.n - j);
        p.n++;
        attach(p, j, child, v, t);
        for (int k = j + 1; k < p.n; k++) {
            p.kids[k].slot = k;
        }
    }

    /**
     * Splits a full internal node; returns the new right sibling. {@code (v, t)} are the counts
     * of the child about to be inserted, which the ancestors already include: they stay booked on
     * {@code p} (the caller moves them when the child goes to the right sibling).
     */
    private Inner splitInner(Inner p, int at, int v, int t) {
        int keep = at == Inner.CAP ? Inner.CAP : Inner.CAP / 2;
        Inner q = new Inner();
        int moved = p.n - keep;
        int mv = 0;
        int mt = 0;
        for (int k = 0; k < moved; k++) {
            Node c = p.kids[keep + k];
            attach(q, k, c, p.vis[keep + k], p.tot[keep + k]);
            mv += p.vis[keep + k];
            mt += p.tot[keep + k];
            p.kids[keep + k] = null;
        }
        q.n = moved;
        p.n = keep;
        if (p == root) {
            Inner nr = new Inner();
            attach(nr, 0, p, p.sumVis() + v, p.sumTot() + t);
            attach(nr, 1, q, mv, mt);
            nr.n = 2;
            root = nr;
        } else {
            Inner g = p.parent;
            g.vis[p.slot] -= mv;
            g.tot[p.slot] -= mt;
            insertChild(g, p.slot + 1, q, mv, mt);
        }
        return q;
    }

    /** Adds count deltas to the entries on the path above {@code c} (not to the lengths). */
    private static void adjustPath(Node c, int dv, int dt) {
        for (Inner p = c.parent; p != null; c = p, p = p.parent) {
            p.vis[c.slot] += dv;
            p.tot[c.slot] += dt;
        }
    }

    static void attach(Inner p, int j, Node child, int v, int t) {
        p.kids[j] = child;
        p.vis[j] = v;
        p.tot[j] = t;
        child.parent = p;
        child.slot = j;
    }

    // ---------------------------------------------------------------- invariants (tests)

    /** Verifies counts, parent links, leaf links and the id index; throws IllegalStateException. */
    void check() {
        int[] sums = checkNode(root, null, 0);
        if (sums[0] != visLen || sums[1] != totLen) {
            throw new IllegalStateException("length " + visLen + "/" + totLen + " but tree holds " + sums[0] + "/" + sums[1]);
        }
        Leaf prev = null;
        int runs = 0;
        for (Leaf l = first; l != null; prev = l, l = l.next) {
            if (l.prev != prev) {
                throw new IllegalStateException("broken leaf links");
            }
            if (l.n == 0 && (l != first || l.next != null)) {
                throw new IllegalStateException("empty leaf");
            }
            for (int i = 0; i < l.n; i++) {
                runs++;
                int site = l.site(i);
                int ctr = l.ctr(i);
                if (!locate(site, ctr) || cLeaf != l || cIdx != i || cOff != 0) {
                    throw new IllegalStateException("id index misses run " + ctr + "@" + site);
                }
                if (l.len(i) < 1) {
                    throw new IllegalStateException("empty run " + ctr + "@" + site);
                }
            }
        }
        if (prev != lastLeaf()) {
            throw new IllegalStateException("last leaf is not the tree's last leaf");
        }
    }

    private int[] checkNode(Node node, Inner parent, int slot) {
        if (node.parent != parent || (parent != null && node.slot != slot)) {
            throw new IllegalStateException("bad parent link or slot");
        }
        if (node instanceof Leaf l) {
            int v = 0;
            int tt = 0;
            for (int i = 0; i < l.n; i++) {
                v += l.vis(i);
                tt += l.len(i);
            }
            return new int[] {v, tt};
        }
        Inner in = (Inner) node;
        int v = 0;
        int tt = 0;
        for (int j = 0; j < in.n; j++) {
            int[] c = checkNode(in.kids[j], in, j);
            if (c[0] != in.vis[j] || c[1] != in.tot[j]) {
                throw new IllegalStateException("cached counts " + in.vis[j] + "/" + in.tot[j] + " but child holds " + c[0] + "/" + c[1]);
            }
            v += c[0];
            tt += c[1];
        }
        return new int[] {v, tt};
    }
}
