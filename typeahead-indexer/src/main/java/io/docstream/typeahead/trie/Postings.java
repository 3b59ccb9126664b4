package io.docstream.typeahead.trie;

import java.util.Arrays;
import java.util.Map;

/**
 * The postings of one word: (value, weight) pairs packed into one {@code long} each, so that an
 * ascending sort orders them by weight descending, then value ascending. 8 bytes per posting.
 */
final class Postings {

    static final long[] NONE = new long[0];

    private Postings() {}

    static long pack(int value, int weight) {
        return ((long) (Integer.MAX_VALUE - weight) << 32) | (value & 0xFFFFFFFFL);
    }

    static int weight(long p) {
        return Integer.MAX_VALUE - (int) (p >>> 32);
    }

    static int value(long p) {
        return (int) p;
    }

    /**
     * A new sorted array: {@code old} with the changes applied ({@code value -> weight}, a negative
     * weight removes the value). Linear in the size of {@code old} plus m log m for m changes.
     */
    static long[] apply(long[] old, Map<Integer, Integer> changes) {
        long[] added = new long[changes.size()];
        int na = 0;
        for (Map.Entry<Integer, Integer> e : changes.entrySet()) {
            if (e.getValue() >= 0) {
                added[na++] = pack(e.getKey(), e.getValue());
            }
        }
        Arrays.sort(added, 0, na);
        long[] out = new long[old.length + na];
        int i = 0;
        int j = 0;
        int o = 0;
        while (i < old.length || j < na) {
            if (i < old.length && changes.containsKey(value(old[i]))) {
                i++;
            } else if (j >= na || (i < old.length && old[i] < added[j])) {
                out[o++] = old[i++];
            } else {
                out[o++] = added[j++];
            }
        }
        return o == out.length ? out : Arrays.copyOf(out, o);
    }
}
