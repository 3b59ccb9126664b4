package io.docstream.crdt;

import static io.docstream.crdt.Leaf.CTR;
import static io.docstream.crdt.Leaf.F;
import static io.docstream.crdt.Leaf.LEN;
import static io.docstream.crdt.Leaf.OCTR;
import static io.docstream.crdt.Leaf.OSITE;
import static io.docstream.crdt.Leaf.SITE;
import static io.docstream.crdt.Leaf.TEXT;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Binary snapshot of a whole replica, tombstones included, canonical (converged replicas encode
 * to the same bytes). All integers are unsigned LEB128 varints, signed ones zigzag-encoded:
 *
 * <pre>
 * magic 'R', version 1
 * maxCounter
 * siteCount, site...                    (site table, in order of first appearance)
 * runCount, then per maximal run:
 *   siteIndex
 *   zigzag(counter - previous run's counter)
 *   header = length &lt;&lt; 3 | deleted &lt;&lt; 2 | originKind
 *            originKind 0: start of document
 *                       1: previous element of the same site (counter-1) — a run split by deletion state
 *                       2: explicit, followed by originSiteIndex, counter - originCounter (&gt;= 1)
 * textByteLength, text as UTF-8       (visible runs' text, concatenated in document order)
 * </pre>
 */
final class SnapshotCodec {
    static final int MAGIC = 'R';
    static final int VERSION = 1;
    /** Leaves and internal nodes are filled to this fraction of capacity when decoding. */
    private static final int LEAF_FILL = Leaf.CAP * 3 / 4;
    private static final int INNER_FILL = Inner.CAP * 3 / 4;

    private SnapshotCodec() {}

    static byte[] encode(RunTree t, int maxCounter) {
        List<CanonicalRuns.Run> runs = new ArrayList<>();
        CanonicalRuns.forEach(t, runs::add);
        Map<Integer, Integer> siteIdx = new HashMap<>();
        List<Integer> sites = new ArrayList<>();
        for (CanonicalRuns.Run r : runs) {
            if (siteIdx.putIfAbsent(r.site, sites.size()) == null) {
                sites.add(r.site);
            }
        }
        Out out = new Out(16 + runs.size() * 6 + t.visLen);
        out.b(MAGIC);
        out.b(VERSION);
        out.v(maxCounter);
        out.v(sites.size());
        for (int s : sites) {
            out.v(s);
        }
        out.v(runs.size());
        int prev = 0;
        StringBuilder text = new StringBuilder(t.visLen);
        for (CanonicalRuns.Run r : runs) {
            out.v(siteIdx.get(r.site));
            out.v(zigzag((long) r.ctr - prev));
            prev = r.ctr;
            int kind;
            if (r.oSite < 0) {
                kind = 0;
            } else if (r.oSite == r.site && r.oCtr == r.ctr - 1) {
                kind = 1;
            } else {
                kind = 2;
            }
            out.v(((long) r.len << 3) | (r.deleted ? 4 : 0) | kind);
            if (kind == 2) {
                Integer os = siteIdx.get(r.oSite);
                if (os == null) {
                    throw new IllegalStateException("origin site " + r.oSite + " has no element");
                }
                out.v(os);
                out.v((long) r.ctr - r.oCtr);
            }
            if (!r.deleted) {
                text.append(r.text);
            }
        }
        byte[] utf8 = text.toString().getBytes(StandardCharsets.UTF_8);
        out.v(utf8.length);
        out.bytes(utf8);
        return out.toArray();
    }

    static RunTree decode(byte[] snapshot, int[] maxCounterOut) {
        In in = new In(snapshot);
        if (in.b() != MAGIC || in.b() != VERSION) {
            throw new IllegalArgumentException("not an RGA snapshot (bad magic or version)");
        }
        int maxCounter = in.i();
        int siteCount = in.i();
        int[] sites = new int[siteCount];
        for (int k = 0; k < siteCount; k++) {
            sites[k] = in.i();
        }
        int runCount = in.i();
        int[] data = new int[runCount * F];
        long prev = 0;
        for (int k = 0, b = 0; k < runCount; k++, b += F) {
            int site = sites[in.index(siteCount)];
            long ctr = prev + unzigzag(in.v());
            prev = ctr;
            long header = in.v();
            long len = header >>> 3;
            int kind = (int) (header & 3);
            if (ctr < 1 || len < 1 || ctr + len - 1 > maxCounter || kind == 3) {
                throw new IllegalArgumentException("corrupt snapshot: run " + k);
            }
            data[b + SITE] = site;
            data[b + CTR] = (int) ctr;
            data[b + LEN] = (int) len;
            data[b + TEXT] = (header & 4) != 0 ? -1 : 0;
            if (kind == 0) {
                data[b + OSITE] = -1;
            } else if (kind == 1) {
                data[b + OSITE] = site;
                data[b + OCTR] = (int) ctr - 1;
            } else {
                data[b + OSITE] = sites[in.index(siteCount)];
                long delta = in.v();
                if (delta < 1 || delta >= ctr) {
                    throw new IllegalArgumentException("corrupt snapshot: origin of run " + k);
                }
                data[b + OCTR] = (int) (ctr - delta);
            }
        }
        int textBytes = in.i();
        String text = new String(in.bytes(textBytes), StandardCharsets.UTF_8);
        if (!in.atEnd()) {
            throw new IllegalArgumentException("corrupt snapshot: trailing bytes");
        }
        RunTree t = new RunTree();
        t.buf = text.toCharArray();
        t.bufLen = t.buf.length;
        t.astral = text.length() != text.codePointCount(0, text.length());
        int charPos = 0;
        for (int k = 0, b = 0; k < runCount; k++, b += F) {
            if (data[b + TEXT] >= 0) {
                data[b + TEXT] = charPos;
                try {
                    charPos = text.offsetByCodePoints(charPos, data[b + LEN]);
                } catch (IndexOutOfBoundsException e) {
                    throw new IllegalArgumentException("corrupt snapshot: text too short", e);
                }
                t.tailSite = data[b + SITE];
                t.tailCtr = data[b + CTR] + data[b + LEN] - 1;
            }
        }
        if (charPos != text.length()) {
            throw new IllegalArgumentException("corrupt snapshot: text too long");
        }
        bulkLoad(t, data, runCount);
        maxCounterOut[0] = maxCounter;
        return t;
    }

    private static void bulkLoad(RunTree t, int[] data, int runCount) {
        List<Node> level = new ArrayList<>();
        List<int[]> counts = new ArrayList<>();
        Leaf l = t.first;
        Leaf prevLeaf = null;
        int k = 0;
        do {
            if (l == null) {
                l = new Leaf();
            }
            int n = Math.min(LEAF_FILL, runCount - k);
            System.arraycopy(data, k * F, l.d, 0, n * F);
            l.n = n;
            int vis = 0;
            int tot = 0;
            for (int i = 0, b = 0; i < n; i++, b += F) {
                if (!t.index.put(l.d[b + SITE], l.d[b + CTR], l)) {
                    throw new IllegalArgumentException("corrupt snapshot: duplicate id "
                            + l.d[b + CTR] + "@" + l.d[b + SITE]);
                }
                tot += l.d[b + LEN];
                if (l.d[b + TEXT] >= 0) {
                    vis += l.d[b + LEN];
                }
            }
            if (prevLeaf != null) {
                prevLeaf.next = l;
                l.prev = prevLeaf;
            }
            level.add(l);
            counts.add(new int[] {vis, tot});
            t.visLen += vis;
            t.totLen += tot;
            prevLeaf = l;
            l = null;
            k += n;
        } while (k < runCount);
        checkOverlaps(data, runCount);
        do {
            List<Node> up = new ArrayList<>();
            List<int[]> upCounts = new ArrayList<>();
            for (int s = 0; s < level.size(); s += INNER_FILL) {
                Inner p = new Inner();
                int v = 0;
                int tt = 0;
                int e = Math.min(level.size(), s + INNER_FILL);
                for (int j = s; j < e; j++) {
                    int[] c = counts.get(j);
                    RunTree.attach(p, j - s, level.get(j), c[0], c[1]);
                    v += c[0];
                    tt += c[1];
                }
                p.n = e - s;
                up.add(p);
                upCounts.add(new int[] {v, tt});
            }
            level = up;
            counts = upCounts;
        } while (level.size() > 1);
        t.root = (Inner) level.get(0);
        t.root.parent = null;
    }

    /** Rejects snapshots whose runs of one site overlap (ids must be unique). */
    private static void checkOverlaps(int[] data, int runCount) {
        long[] keys = new long[runCount];
        for (int k = 0, b = 0; k < runCount; k++, b += F) {
            keys[k] = ((long) data[b + SITE] << 32) | data[b + CTR];
        }
        Integer[] order = new Integer[runCount];
        for (int k = 0; k < runCount; k++) {
            order[k] = k;
        }
        Arrays.sort(order, (a, c) -> Long.compare(keys[a], keys[c]));
        for (int k = 1; k < runCount; k++) {
            int a = order[k - 1] * F;
            int c = order[k] * F;
            if (data[a + SITE] == data[c + SITE] && data[a + CTR] + data[a + LEN] > data[c + CTR]) {
                throw new IllegalArgumentException("corrupt snapshot: overlapping ids at site " + data[a + SITE]);
            }
        }
    }

    static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    private static final class Out {
        private byte[] a;
        private int n;

        Out(int cap) {
            a = new byte[Math.max(16, cap)];
        }

        void b(int x) {
            if (n == a.length) {
                a = Arrays.copyOf(a, a.length * 2);
            }
            a[n++] = (byte) x;
        }

        void v(long x) {
            while ((x & ~0x7FL) != 0) {
                b((int) ((x & 0x7F) | 0x80));
                x >>>= 7;
            }
            b((int) x);
        }

        void bytes(byte[] src) {
            if (n + src.length > a.length) {
                a = Arrays.copyOf(a, Math.max(a.length * 2, n + src.length));
            }
            System.arraycopy(src, 0, a, n, src.length);
            n += src.length;
        }

        byte[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }

    private static final class In {
        private final byte[] a;
        private int p;

        In(byte[] a) {
            this.a = a;
        }

        int b() {
            if (p >= a.length) {
                throw new IllegalArgumentException("corrupt snapshot: truncated");
            }
            return a[p++] & 0xFF;
        }

        long v() {
            long x = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int c = b();
                x |= (long) (c & 0x7F) << shift;
                if ((c & 0x80) == 0) {
                    return x;
                }
            }
            throw new IllegalArgumentException("corrupt snapshot: varint too long");
        }

        int i() {
            long x = v();
            if (x < 0 || x > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("corrupt snapshot: value out of range");
            }
            return (int) x;
        }

        int index(int bound) {
            int x = i();
            if (x >= bound) {
                throw new IllegalArgumentException("corrupt snapshot: site index out of range");
            }
            return x;
        }

        byte[] bytes(int len) {
            if (len > a.length - p) {
                throw new IllegalArgumentException("corrupt snapshot: truncated text");
            }
            byte[] out = Arrays.copyOfRange(a, p, p + len);
            p += len;
            return out;
        }

        boolean atEnd() {
            return p == a.length;
        }
    }
}
