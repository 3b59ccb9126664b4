package io.docstream.crdt;

import static io.docstream.crdt.Leaf.CTR;
import static io.docstream.crdt.Leaf.F;
import static io.docstream.crdt.Leaf.LEN;
import static io.docstream.crdt.Leaf.OCTR;
import static io.docstream.crdt.Leaf.OSITE;
import static io.docstream.crdt.Leaf.SITE;
import static io.docstream.crdt.Leaf.TEXT;

import java.util.function.Consumer;

/**
 * Walks a replica's runs in document order, merging adjacent runs that form one chain (same
 * site, contiguous counters, each origin the previous element, same deleted state). The result
 * depends only on the elements, not on how the replica happened to split them, so converged
 * replicas produce identical output.
 */
final class CanonicalRuns {

    /** One maximal run; {@code text} is null for tombstones. */
    static final class Run {
        int site;
        int ctr;
        int len;
        int oSite;
        int oCtr;
        boolean deleted;
        final StringBuilder text = new StringBuilder();
    }

    private CanonicalRuns() {}

    static void forEach(RunTree t, Consumer<Run> sink) {
        Run cur = null;
        for (Leaf l = t.first; l != null; l = l.next) {
            int[] d = l.d;
            for (int i = 0, b = 0; i < l.n; i++, b += F) {
                boolean del = d[b + TEXT] < 0;
                if (cur != null
                        && cur.deleted == del
                        && cur.site == d[b + SITE]
                        && cur.ctr + cur.len == d[b + CTR]
                        && d[b + OSITE] == cur.site
                        && d[b + OCTR] == d[b + CTR] - 1) {
                    cur.len += d[b + LEN];
                    t.appendRunText(cur.text, l, i);
                    continue;
                }
                if (cur != null) {
                    sink.accept(cur);
                }
                cur = new Run();
                cur.site = d[b + SITE];
                cur.ctr = d[b + CTR];
                cur.len = d[b + LEN];
                cur.oSite = d[b + OSITE];
                cur.oCtr = d[b + OCTR];
                cur.deleted = del;
                t.appendRunText(cur.text, l, i);
            }
        }
        if (cur != null) {
            sink.accept(cur);
        }
    }
}
