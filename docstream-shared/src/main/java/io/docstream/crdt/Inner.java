package io.docstream.crdt;

/**
 * Internal node of the run tree: up to {@link #CAP} children with, per child, the cached number
 * of visible code points ({@link #vis}) and of all elements including tombstones ({@link #tot}).
 */
final class Inner extends Node {
    static final int CAP = 32;

    final Node[] kids = new Node[CAP];
    final int[] vis = new int[CAP];
    final int[] tot = new int[CAP];
    int n;

    int sumVis() {
        int s = 0;
        for (int j = 0; j < n; j++) {
            s += vis[j];
        }
        return s;
    }

    int sumTot() {
        int s = 0;
        for (int j = 0; j < n; j++) {
            s += tot[j];
        }
        return s;
    }
}
