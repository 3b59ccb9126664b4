package io.docstream.typeahead.trie;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A weighted trie over Unicode code points: words map to postings {@code (value, weight)}.
 *
 * <ul>
 *   <li>{@link #prefix}: the top k values by weight among words starting with the query;
 *   <li>{@link #fuzzy}: the same for words whose some prefix is within optimal-string-alignment
 *       distance 1 of the query (substitution, insertion, deletion, adjacent transposition); exact
 *       prefix matches rank first;
 *   <li>a budget of at most {@code maxWords} words: when a write goes over it, the least recently
 *       used words (reads and writes both count as use) are evicted down to a low-water mark and
 *       the branches they leave empty are pruned;
 *   <li>readers never block: writers are serialised by a lock and publish immutable arrays.
 * </ul>
 * Results are de-duplicated by value (a value keeps its best match). Pure: no I/O.
 */
public final class WeightedTrie {

    private final int maxWords;
    private final int lowWater;
    private final Node root = new Node(null, -1);
    private final ReentrantLock writeLock = new ReentrantLock();
    private final AtomicLong clock = new AtomicLong();
    private volatile int words;
    private volatile int nodes = 1;
    private volatile long evictions;

    /** @param maxWords the word budget; eviction frees about 5% of it at a time */
    public WeightedTrie(int maxWords) {
        if (maxWords < 1) {
            throw new IllegalArgumentException("maxWords must be >= 1");
        }
        this.maxWords = maxWords;
        this.lowWater = maxWords - Math.max(1, maxWords / 20);
    }

    /** Writes applied together: readers see none or (per word) all of a batch's changes. */
    public interface Writer {
        /** Adds {@code value} under {@code word} with {@code weight} (>= 0), replacing its weight. */
        void put(String word, int value, int weight);

        void remove(String word, int value);
    }

    public void put(String word, int value, int weight) {
        write(w -> w.put(word, value, weight));
    }

    public void remove(String word, int value) {
        write(w -> w.remove(word, value));
    }

    /** Runs {@code body} under the write lock and applies its changes as one batch. */
    public void write(Consumer<Writer> body) {
        writeLock.lock();
        try {
            BatchWriter batch = new BatchWriter();
            body.accept(batch);
            batch.flush();
        } finally {
            writeLock.unlock();
        }
    }

    public void clear() {
        writeLock.lock();
        try {
            root.children = Node.NO_CHILDREN;
            root.postings = Postings.NONE;
            root.max = -1;
            words = 0;
            nodes = 1;
        } finally {
            writeLock.unlock();
        }
    }

    /** Number of distinct words held (never more than the budget after a write returns). */
    public int wordCount() {
        return words;
    }

    /** Number of trie nodes including the root (emptied branches are pruned). */
    public int nodeCount() {
        return nodes;
    }

    public int maxWords() {
        return maxWords;
    }

    public long evictions() {
        return evictions;
    }

    /** Whether {@code word} is held; does not count as a use. */
    public boolean contains(String word) {
        Node n = find(Keys.normalize(word));
        return n != null && n.isWord();
    }

    /** Weight of {@code value} under exactly {@code word}, or -1. Does not count as a use. */
    public int weightOf(String word, int value) {
        Node n = find(Keys.normalize(word));
        if (n == null) {
            return -1;
        }
        for (long p : n.postings) {
            if (Postings.value(p) == value) {
                return Postings.weight(p);
            }
        }
        return -1;
    }

    /** Top {@code k} values among words starting with {@code query}, by weight descending. */
    public List<Match> prefix(String query, int k) {
        List<Match> out = new ArrayList<>(Math.min(k, 64));
        if (k <= 0) {
            return out;
        }
        Node n = find(Keys.normalize(query));
        if (n != null) {
            bestFirst(List.of(n), 0, k, new HashSet<>(), out);
        }
        return out;
    }

    /**
     * Top {@code k} values among words that have a prefix within edit distance 1 of
     * {@code query}: first the exact prefix matches (distance 0) by weight, then the others.
     */
    public List<Match> fuzzy(String query, int k) {
        List<Match> out = new ArrayList<>(Math.min(k, 64));
        if (k <= 0) {
            return out;
        }
        String q = Keys.normalize(query);
        Set<Integer> seen = new HashSet<>();
        Node exact = find(q);
        if (exact != null) {
            bestFirst(List.of(exact), 0, k, seen, out);
        }
        if (out.size() < k) {
            List<Node> roots = new ArrayList<>();
            int[] cps = Keys.codePoints(q);
            int[] row = new int[cps.length + 1];
            for (int j = 0; j <= cps.length; j++) {
                row[j] = j;
            }
            collectFuzzyRoots(root, cps, null, row, roots);
            bestFirst(roots, 1, k, seen, out);
        }
        return out;
    }

    // ---- reading -------------------------------------------------------------------------

    private Node find(String key) {
        Node n = root;
        for (int i = 0; i < key.length() && n != null; ) {
            int c = key.codePointAt(i);
            n = n.child(c);
            i += Character.charCount(c);
        }
        return n;
    }

    /**
     * Depth-first walk computing optimal-string-alignment rows; records the first node on each
     * path whose prefix is within distance 1 of the query (its whole subtree matches).
     */
    private static void collectFuzzyRoots(Node node, int[] q, int[] prevRow, int[] row, List<Node> roots) {
        int m = q.length;
        if (row[m] <= 1) {
            roots.add(node);
            return;
        }
        int min = Integer.MAX_VALUE;
        for (int v : row) {
            min = Math.min(min, v);
        }
        if (min > 1) {
            return;
        }
        for (Node child : node.children) {
            int c = child.cp;
            int[] next = new int[m + 1];
            next[0] = row[0] + 1;
            for (int j = 1; j <= m; j++) {
                int cost = q[j - 1] == c ? 0 : 1;
                int v = Math.min(Math.min(row[j] + 1, next[j - 1] + 1), row[j - 1] + cost);
                if (prevRow != null && j >= 2 && q[j - 2] == c && q[j - 1] == node.cp) {
                    v = Math.min(v, prevRow[j - 2] + 1);
                }
                next[j] = v;
            }
            collectFuzzyRoots(child, q, row, next, roots);
        }
    }

    /** An entry of the best-first queue: a subtree bound or a cursor into a word's postings. */
    private record Item(int weight, boolean posting, int value, Node node, long[] postings, int index) {}

    private static final Comparator<Item> ORDER = (a, b) -> {
        if (a.weight != b.weight) {
            return Integer.compare(b.weight, a.weight);
        }
        if (a.posting != b.posting) {
            return a.posting ? 1 : -1; // open subtrees first: they may hold smaller values
        }
        return Integer.compare(a.value, b.value);
    };

    private void bestFirst(List<Node> roots, int distance, int k, Set<Integer> seen, List<Match> out) {
        PriorityQueue<Item> queue = new PriorityQueue<>(ORDER);
        for (Node r : roots) {
            int max = r.max;
            if (max >= 0) {
                queue.add(new Item(max, false, 0, r, null, 0));
            }
        }
        Map<Node, String> wordCache = new HashMap<>();
        while (!queue.isEmpty() && out.size() < k) {
            Item it = queue.poll();
            if (!it.posting) {
                Node n = it.node;
                long[] p = n.postings;
                if (p.length > 0) {
                    queue.add(new Item(Postings.weight(p[0]), true, Postings.value(p[0]), n, p, 0));
                }
                for (Node c : n.children) {
                    int max = c.max;
                    if (max >= 0) {
                        queue.add(new Item(max, false, 0, c, null, 0));
                    }
                }
            } else {
                if (seen.add(it.value)) {
                    Node n = it.node;
                    n.lastUsed = clock.incrementAndGet();
                    out.add(new Match(wordCache.computeIfAbsent(n, Node::word), it.value, it.weight, distance));
                }
                int next = it.index + 1;
                if (next < it.postings.length) {
                    long p = it.postings[next];
                    queue.add(new Item(Postings.weight(p), true, Postings.value(p), it.node, it.postings, next));
                }
            }
        }
    }

    // ---- writing (under writeLock) -------------------------------------------------------

    private final class BatchWriter implements Writer {
        private final Map<Node, Map<Integer, Integer>> changes = new IdentityHashMap<>();

        @Override
        public void put(String word, int value, int weight) {
            if (weight < 0) {
                throw new IllegalArgumentException("weight must be >= 0");
            }
            String key = Keys.normalize(word);
            if (key.isEmpty()) {
                return;
            }
            Node n = root;
            for (int i = 0; i < key.length(); ) {
                int c = key.codePointAt(i);
                Node child = n.child(c);
                if (child == null) {
                    child = n.addChild(c);
                    nodes++;
                }
                n = child;
                i += Character.charCount(c);
            }
            changes.computeIfAbsent(n, x -> new HashMap<>()).put(value, weight);
        }

        @Override
        public void remove(String word, int value) {
            Node n = find(Keys.normalize(word));
            if (n != null && n != root) {
                changes.computeIfAbsent(n, x -> new HashMap<>()).put(value, -1);
            }
        }

        void flush() {
            long now = clock.incrementAndGet();
            int w = words;
            for (Map.Entry<Node, Map<Integer, Integer>> e : changes.entrySet()) {
                Node n = e.getKey();
                boolean was = n.isWord();
                n.postings = Postings.apply(n.postings, e.getValue());
                boolean is = n.isWord();
                w += (is ? 1 : 0) - (was ? 1 : 0);
                if (is) {
                    n.lastUsed = now;
                }
                propagate(n);
            }
            words = w;
            for (Node n : changes.keySet()) {
                prune(n);
            }
            if (words > maxWords) {
                evict();
            }
        }
    }

    /** Recomputes subtree maxima from {@code n} upwards, stopping where nothing changed. */
    private static void propagate(Node n) {
        for (Node x = n; x != null; x = x.parent) {
            if (!x.recomputeMax() && x != n) {
                return;
            }
        }
    }

    /** Removes {@code n} and its ancestors while they hold neither postings nor children. */
    private void prune(Node n) {
        Node x = n;
        while (x.parent != null && !x.isWord() && x.children.length == 0) {
            Node parent = x.parent;
            if (parent.child(x.cp) != x) {
                return; // already detached
            }
            parent.removeChild(x);
            nodes--;
            propagate(parent);
            x = parent;
        }
    }

    private void evict() {
        List<Node> all = new ArrayList<>(words);
        collectWords(root, all);
        all.sort(Comparator.comparingLong(n -> n.lastUsed));
        int toEvict = all.size() - lowWater;
        for (int i = 0; i < toEvict; i++) {
            Node n = all.get(i);
            n.postings = Postings.NONE;
            propagate(n);
            prune(n);
        }
        words = all.size() - Math.max(0, toEvict);
        evictions += Math.max(0, toEvict);
    }

    private static void collectWords(Node n, List<Node> out) {
        if (n.isWord()) {
            out.add(n);
        }
        for (Node c : n.children) {
            collectWords(c, out);
        }
    }
}
