package io.docstream.crdt;

import java.util.Arrays;

/**
 * The runs of one site: a chunked sorted array of primitive run-start counters, each mapped to
 * the leaf holding the run. Lookups are O(log n); an insertion shifts at most one chunk of
 * {@link #CHUNK} keys (plus, rarely, the short array of chunks), never the whole index.
 */
final class SiteRuns {
    static final int CHUNK = 64;

    private int[][] keys = new int[2][];
    private Leaf[][] vals = new Leaf[2][];
    private int[] sizes = new int[2];
    private int chunks;
    private int size;

    /** Key found by the last successful {@link #floor(int)}. */
    int floorKey;

    int size() {
        return size;
    }

    /** Leaf of the run with the largest start counter {@code <= key} (sets {@link #floorKey}), or null. */
    Leaf floor(int key) {
        int c = chunkFor(key);
        if (c < 0) {
            return null;
        }
        int[] k = keys[c];
        int i = Arrays.binarySearch(k, 0, sizes[c], key);
        if (i < 0) {
            i = -i - 2;
        }
        floorKey = k[i];
        return vals[c][i];
    }

    /** Maps {@code key} to {@code leaf}; returns false when the key already existed (value replaced). */
    boolean put(int key, Leaf leaf) {
        if (chunks == 0) {
            keys[0] = new int[CHUNK];
            vals[0] = new Leaf[CHUNK];
            keys[0][0] = key;
            vals[0][0] = leaf;
            sizes[0] = 1;
            chunks = 1;
            size = 1;
            return true;
        }
        int c = Math.max(0, chunkFor(key));
        int n = sizes[c];
        int i = Arrays.binarySearch(keys[c], 0, n, key);
        if (i >= 0) {
            vals[c][i] = leaf;
            return false;
        }
        i = -i - 1;
        if (n == CHUNK) {
            if (c == chunks - 1 && i == CHUNK) {
                // appending past the last chunk (the common case: counters grow): start a new one
                insertChunk(c + 1);
                c = c + 1;
                i = 0;
            } else {
                insertChunk(c + 1);
                int half = CHUNK / 2;
                System.arraycopy(keys[c], half, keys[c + 1], 0, CHUNK - half);
                System.arraycopy(vals[c], half, vals[c + 1], 0, CHUNK - half);
                Arrays.fill(vals[c], half, CHUNK, null);
                sizes[c] = half;
                sizes[c + 1] = CHUNK - half;
                if (i > half) {
                    c = c + 1;
                    i -= half;
                }
            }
            n = sizes[c];
        }
        System.arraycopy(keys[c], i, keys[c], i + 1, n - i);
        System.arraycopy(vals[c], i, vals[c], i + 1, n - i);
        keys[c][i] = key;
        vals[c][i] = leaf;
        sizes[c] = n + 1;
        size++;
        return true;
    }

    /** Changes the leaf of an existing key. */
    void setLeaf(int key, Leaf leaf) {
        int c = chunkFor(key);
        int i = Arrays.binarySearch(keys[c], 0, sizes[c], key);
        vals[c][i] = leaf;
    }

    void remove(int key) {
        int c = chunkFor(key);
        if (c < 0) {
            return;
        }
        int n = sizes[c];
        int i = Arrays.binarySearch(keys[c], 0, n, key);
        if (i < 0) {
            return;
        }
        System.arraycopy(keys[c], i + 1, keys[c], i, n - i - 1);
        System.arraycopy(vals[c], i + 1, vals[c], i, n - i - 1);
        vals[c][n - 1] = null;
        sizes[c] = n - 1;
        size--;
        if (n == 1) {
            System.arraycopy(keys, c + 1, keys, c, chunks - c - 1);
            System.arraycopy(vals, c + 1, vals, c, chunks - c - 1);
            System.arraycopy(sizes, c + 1, sizes, c, chunks - c - 1);
            chunks--;
            keys[chunks] = null;
            vals[chunks] = null;
        }
    }

    /** Index of the last chunk whose first key is {@code <= key}, or -1. */
    private int chunkFor(int key) {
        int lo = 0;
        int hi = chunks - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (keys[mid][0] <= key) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    private void insertChunk(int at) {
        if (chunks == keys.length) {
            int cap = chunks * 2;
            keys = Arrays.copyOf(keys, cap);
            vals = Arrays.copyOf(vals, cap);
            sizes = Arrays.copyOf(sizes, cap);
        }
        System.arraycopy(keys, at, keys, at + 1, chunks - at);
        System.arraycopy(vals, at, vals, at + 1, chunks - at);
        System.arraycopy(sizes, at, sizes, at + 1, chunks - at);
        keys[at] = new int[CHUNK];
        vals[at] = new Leaf[CHUNK];
        sizes[at] = 0;
        chunks++;
    }
}
