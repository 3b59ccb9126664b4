package io.docstream.crdt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Builds the index view of a delete: visible ranges, coalesced, in descending index order. */
final class IndexRanges {

    private IndexRanges() {}

    /** {@code pieces} holds {@code np/2} pairs (index, length) relative to the text before the op. */
    static List<Change.IndexRange> descending(int[] pieces, int np) {
        int count = np / 2;
        long[] packed = new long[count];
        for (int k = 0; k < count; k++) {
            packed[k] = ((long) pieces[2 * k] << 32) | (pieces[2 * k + 1] & 0xffffffffL);
        }
        Arrays.sort(packed);
        List<Change.IndexRange> out = new ArrayList<>();
        int start = -1;
        int end = -1;
        for (long p : packed) {
            int idx = (int) (p >>> 32);
            int len = (int) p;
            if (start >= 0 && idx <= end) {
                end = Math.max(end, idx + len);
            } else {
                if (start >= 0) {
                    out.add(new Change.IndexRange(start, end - start));
                }
                start = idx;
                end = idx + len;
            }
        }
        out.add(new Change.IndexRange(start, end - start));
        java.util.Collections.reverse(out);
        return out;
    }
}
