package io.docstream.crdt;

import static io.docstream.crdt.Leaf.CTR;
import static io.docstream.crdt.Leaf.F;
import static io.docstream.crdt.Leaf.LEN;
import static io.docstream.crdt.Leaf.OCTR;
import static io.docstream.crdt.Leaf.OSITE;
import static io.docstream.crdt.Leaf.SITE;
import static io.docstream.crdt.Leaf.TEXT;

/**
 * The RGA integration rule for a remote insert {@code N} after origin {@code O}.
 *
 * <p>Scan right from {@code O}. An element whose origin is {@code O} is a sibling: if its id is
 * greater than {@code N}'s, skip it (its subtree follows it and is skipped by the next rule),
 * otherwise stop. An element whose origin lies inside the region scanned so far is a descendant
 * of a skipped sibling: skip it. Any other element (its origin lies left of {@code O}) ends
 * {@code O}'s subtree: stop. {@code N} goes where the scan stopped. Siblings therefore end up in
 * descending id order (counter, then site) and every replica converges, whatever the order of
 * integration. Works on runs: all elements of a run but the first have the previous element as
 * origin, so a run is skipped or not as a whole; when {@code O} is inside a run, the next element
 * of the run is a sibling with id {@code O+1}.
 */
final class Integration {

    private Integration() {}

    /**
     * Integrates the run {@code ctr@site .. +len} with text at buffer offset {@code text} after
     * {@code origin} (null = start). Preconditions: ids are new, the origin exists. The cursor ends
     * on the run holding the new elements, {@code cOff} on the first new element.
     */
    static void integrate(RunTree t, int site, int ctr, int len, Id origin, String text, int cps) {
        Leaf l;
        int i;
        Leaf ol = null;
        int ok = -1;
        int oSite = -1;
        int oCtr = 0;
        if (origin == null) {
            l = t.first;
            i = 0;
        } else {
            oSite = origin.site();
            oCtr = origin.counter();
            t.locate(oSite, oCtr);
            ol = t.cLeaf;
            ok = t.cIdx;
            int off = t.cOff;
            if (off < ol.len(ok) - 1) {
                // the run continues: its next element (id O+1) is a sibling of N
                if (greater(oCtr + 1, oSite, ctr, site)) {
                    ol = null; // skipped: no in-place extension possible
                } else {
                    t.splitRun(ol, ok, off + 1);
                    place(t, t.cLeaf, t.cIdx, site, ctr, len, oSite, oCtr, text, cps);
                    return;
                }
            }
            l = t.cLeaf;
            i = t.cIdx + 1;
        }
        int posO = Integer.MIN_VALUE; // absolute position of O, computed when first needed
        Leaf last = l;
        boolean skipped = false;
        while (true) {
            if (i >= l.n) {
                if (l.next == null) {
                    last = l;
                    i = l.n;
                    break;
                }
                l = l.next;
                i = 0;
                continue;
            }
            int[] d = l.d;
            int b = i * F;
            int es = d[b + OSITE];
            int ec = d[b + OCTR];
            boolean skip;
            if (es == oSite && (es < 0 || ec == oCtr)) {
                skip = greater(d[b + CTR], d[b + SITE], ctr, site); // sibling
            } else if (es < 0) {
                skip = false; // origin is the start: left of O
            } else if (origin == null) {
                skip = true; // every element descends from the start
            } else {
                if (posO == Integer.MIN_VALUE) {
                    posO = t.absPos(oSite, oCtr);
                }
                skip = t.absPos(es, ec) > posO;
            }
            if (!skip) {
                last = l;
                break;
            }
            skipped = true;
            i++;
        }
        if (!skipped && ol != null && canExtend(t, ol, ok, site, ctr)) {
            int before = ol.len(ok);
            t.appendText(text, cps, site, ctr + len - 1);
            t.extendRun(ol, ok, len);
            t.cLeaf = ol;
            t.cIdx = ok;
            t.cOff = before;
            return;
        }
        place(t, last, i, site, ctr, len, oSite, oCtr, text, cps);
    }

    private static void place(RunTree t, Leaf l, int i, int site, int ctr, int len, int oSite, int oCtr,
            String text, int cps) {
        int off = t.appendText(text, cps, site, ctr + len - 1);
        t.insertRun(l, i, site, ctr, len, oSite, oSite < 0 ? 0 : oCtr, off);
        t.cOff = 0;
    }

    /**
     * Run {@code (l, i)} can absorb elements {@code ctr@site..} typed right after its last
     * element: visible, same site, contiguous counter, and its text ends the buffer.
     */
    static boolean canExtend(RunTree t, Leaf l, int i, int site, int ctr) {
        int[] d = l.d;
        int b = i * F;
        int last = d[b + CTR] + d[b + LEN] - 1;
        return d[b + TEXT] >= 0
                && d[b + SITE] == site
                && last + 1 == ctr
                && t.tailSite == site
                && t.tailCtr == last;
    }

    /** Id order: counter first, then site. */
    static boolean greater(int c1, int s1, int c2, int s2) {
        return c1 != c2 ? c1 > c2 : s1 > s2;
    }
}
