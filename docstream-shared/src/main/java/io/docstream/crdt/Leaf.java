package io.docstream.crdt;

/**
 * Leaf of the run tree: up to {@link #CAP} runs stored structure-of-arrays in one {@code int[]}
 * ({@link #F} ints per run, no object per run). A run is consecutive elements created by one site
 * with contiguous counters, each element's origin being the previous one, all in the same
 * deleted state. Leaves are linked for left-to-right scans.
 *
 * <ul>
 *   <li>{@link #SITE}, {@link #CTR}: id of the first element;
 *   <li>{@link #LEN}: number of elements (code points);
 *   <li>{@link #OSITE}, {@link #OCTR}: origin of the first element ({@code OSITE = -1}: start of
 *       document);
 *   <li>{@link #TEXT}: offset of the run's text in the replica's char buffer, {@code -1} when the
 *       run is deleted (tombstone content is dropped).
 * </ul>
 */
final class Leaf extends Node {
    static final int CAP = 32;
    static final int F = 6;
    static final int SITE = 0;
    static final int CTR = 1;
    static final int LEN = 2;
    static final int OSITE = 3;
    static final int OCTR = 4;
    static final int TEXT = 5;

    final int[] d = new int[CAP * F];
    int n;
    Leaf prev;
    Leaf next;

    boolean deleted(int i) {
        return d[i * F + TEXT] < 0;
    }

    int len(int i) {
        return d[i * F + LEN];
    }

    int vis(int i) {
        int b = i * F;
        return d[b + TEXT] >= 0 ? d[b + LEN] : 0;
    }

    int site(int i) {
        return d[i * F + SITE];
    }

    int ctr(int i) {
        return d[i * F + CTR];
    }
}
