package io.docstream.typeahead.trie;

import java.util.Arrays;

/**
 * A trie node. Readers never lock: {@link #children} and {@link #postings} are immutable arrays
 * replaced whole by the (single, locked) writer and published through volatile fields.
 */
final class Node {

    static final Node[] NO_CHILDREN = new Node[0];

    final Node parent;
    final int cp;
    /** Sorted by {@link #cp}. */
    volatile Node[] children = NO_CHILDREN;
    /** Packed postings, see {@link Postings}; non-empty exactly when this node ends a word. */
    volatile long[] postings = Postings.NONE;
    /** Largest weight in this subtree, -1 when it holds no posting. */
    volatile int max = -1;
    /** Logical time of the last read or write of this word (LRU). */
    volatile long lastUsed;

    Node(Node parent, int cp) {
        this.parent = parent;
        this.cp = cp;
    }

    Node child(int c) {
        Node[] kids = children;
        int i = indexOf(kids, c);
        return i >= 0 ? kids[i] : null;
    }

    /** Index of the child with code point {@code c} in {@code kids}, or {@code -(insertion point) - 1}. */
    private static int indexOf(Node[] kids, int c) {
        int lo = 0;
        int hi = kids.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int v = kids[mid].cp;
            if (v < c) {
                lo = mid + 1;
            } else if (v > c) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -lo - 1;
    }

    /** Writer only. */
    Node addChild(int c) {
        Node[] kids = children;
        int i = indexOf(kids, c);
        if (i >= 0) {
            return kids[i];
        }
        int lo = -i - 1;
        Node n = new Node(this, c);
        Node[] next = new Node[kids.length + 1];
        System.arraycopy(kids, 0, next, 0, lo);
        next[lo] = n;
        System.arraycopy(kids, lo, next, lo + 1, kids.length - lo);
        children = next;
        return n;
    }

    /** Writer only. */
    void removeChild(Node child) {
        Node[] kids = children;
        for (int i = 0; i < kids.length; i++) {
            if (kids[i] == child) {
                Node[] next = Arrays.copyOf(kids, kids.length - 1);
                System.arraycopy(kids, i + 1, next, i, kids.length - i - 1);
                children = next;
                return;
            }
        }
    }

    /** Writer only: recomputes {@link #max}; true if it changed. */
    boolean recomputeMax() {
        long[] p = postings;
        int m = p.length == 0 ? -1 : Postings.weight(p[0]);
        for (Node c : children) {
            m = Math.max(m, c.max);
        }
        if (m != max) {
            max = m;
            return true;
        }
        return false;
    }

    boolean isWord() {
        return postings.length > 0;
    }

    String word() {
        StringBuilder sb = new StringBuilder();
        for (Node n = this; n.parent != null; n = n.parent) {
            sb.appendCodePoint(n.cp);
        }
        // reverse by code points, not chars (surrogate pairs stay in order)
        int[] cps = sb.codePoints().toArray();
        StringBuilder out = new StringBuilder(sb.length());
        for (int i = cps.length - 1; i >= 0; i--) {
            out.appendCodePoint(cps[i]);
        }
        return out.toString();
    }
}
