package io.docstream.typeahead.trie;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Seeded property tests of the trie against a brute-force reference (a plain map scanned in
 * full). Each loop prints its seed in the assertion description so a failure is reproducible.
 */
class WeightedTrieTest {

    /** Small alphabets so that prefixes and near misses collide often; includes astral code points. */
    private static final String[] ALPHABETS = {"ab", "abc", "abcdé", "ab\uD83D\uDE00c"};

    @Test
    void prefixAndFuzzyMatchTheBruteForceReference() {
        long base = Long.getLong("trie.seed", System.nanoTime());
        for (int round = 0; round < 300; round++) {
            long seed = base + round;
            Random rnd = new Random(seed);
            int[] alphabet = ALPHABETS[rnd.nextInt(ALPHABETS.length)].codePoints().toArray();
            WeightedTrie trie = new WeightedTrie(1_000_000);
            Reference ref = new Reference();
            int ops = 1 + rnd.nextInt(120);
            for (int i = 0; i < ops; i++) {
                String word = randomWord(rnd, alphabet, 1, 6);
                int value = rnd.nextInt(30);
                if (rnd.nextInt(5) == 0) {
                    trie.remove(word, value);
                    ref.remove(word, value);
                } else {
                    int weight = rnd.nextInt(8); // many ties on purpose
                    trie.put(word, value, weight);
                    ref.put(word, value, weight);
                }
            }
            assertThat(trie.wordCount()).as("seed %d", seed).isEqualTo(ref.words.size());
            for (int qi = 0; qi < 30; qi++) {
                String q = randomWord(rnd, alphabet, 0, 4);
                int k = 1 + rnd.nextInt(12);
                assertThat(strip(trie.prefix(q, k))).as("prefix seed %d q=%s k=%d", seed, q, k)
                        .isEqualTo(strip(ref.search(q, k, false)));
                assertThat(strip(trie.fuzzy(q, k))).as("fuzzy seed %d q=%s k=%d", seed, q, k)
                        .isEqualTo(strip(ref.search(q, k, true)));
            }
        }
    }

    @Test
    void standalonePrefixDistanceAgreesWithTheReference() {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        int[] alphabet = "abc\uD83D\uDE00".codePoints().toArray();
        for (int i = 0; i < 20_000; i++) {
            String w = randomWord(rnd, alphabet, 0, 6);
            String q = randomWord(rnd, alphabet, 0, 5);
            int expected = Math.min(2, Reference.prefixDistance(w.codePoints().toArray(), q.codePoints().toArray()));
            assertThat(EditDistance.prefixDistance(w, q)).as("seed %d w=%s q=%s", seed, w, q).isEqualTo(expected);
        }
    }

    @Test
    void matchesCarryTheWordAndUnicodeIsHandledByCodePoints() {
        WeightedTrie trie = new WeightedTrie(100);
        trie.put("Café", 1, 5);
        trie.put("cafe\u0301s", 2, 4); // decomposed é: NFC makes it the same prefix
        trie.put("\uD83D\uDE00smile", 3, 3);
        trie.put("\uD83D\uDE01grin", 4, 9);
        assertThat(trie.prefix("CAFÉ", 10)).extracting(Match::word).containsExactly("café", "cafés");
        assertThat(trie.prefix("\uD83D\uDE00", 10)).extracting(Match::value).containsExactly(3);
        // one substitution of the emoji (one code point, two chars) is distance 1
        assertThat(trie.fuzzy("\uD83D\uDE01smi", 10)).extracting(Match::value, Match::distance)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(3, 1));
        // adjacent transposition
        assertThat(trie.fuzzy("acfé", 10)).extracting(Match::value).containsExactly(1, 2);
    }

    @Test
    void evictionKeepsTheTrieWithinItsBudgetAndPrunesEmptiedBranches() {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        int budget = 200;
        WeightedTrie trie = new WeightedTrie(budget);
        for (int i = 0; i < 20_000; i++) {
            trie.put(randomWord(rnd, "abcdefghij".codePoints().toArray(), 1, 8), rnd.nextInt(50), rnd.nextInt(100));
            assertThat(trie.wordCount()).as("seed %d", seed).isLessThanOrEqualTo(budget);
        }
        assertThat(trie.evictions()).isPositive();
        // a trie of at most `budget` words of length <= 8 has at most 8*budget+1 nodes: branches are pruned
        assertThat(trie.nodeCount()).isLessThanOrEqualTo(8 * budget + 1);
    }

    @Test
    void leastRecentlyUsedWordsAreEvictedFirstAndReadsCountAsUse() {
        WeightedTrie trie = new WeightedTrie(100);
        for (int i = 0; i < 100; i++) {
            trie.put("w" + i, i, 1);
        }
        trie.prefix("w0", 1); // read "w0": now the most recently used
        trie.put("fresh", 1000, 1); // 101 words > 100: evicts the 6 oldest, down to the low-water mark 95
        assertThat(trie.wordCount()).isEqualTo(95);
        assertThat(trie.contains("w0")).isTrue();
        assertThat(trie.contains("fresh")).isTrue();
        for (int i = 1; i <= 6; i++) {
            assertThat(trie.contains("w" + i)).as("w%d evicted", i).isFalse();
        }
        assertThat(trie.contains("w7")).isTrue();
    }

    @Test
    void removingEveryWordPrunesTheTrieBackToTheRoot() {
        WeightedTrie trie = new WeightedTrie(1000);
        List<String> words = List.of("alpha", "alphabet", "alps", "beta", "\uD83D\uDE00x");
        for (String w : words) {
            trie.put(w, 1, 1);
            trie.put(w, 2, 2);
        }
        for (String w : words) {
            trie.remove(w, 1);
            trie.remove(w, 2);
        }
        assertThat(trie.wordCount()).isZero();
        assertThat(trie.nodeCount()).isEqualTo(1);
        assertThat(trie.prefix("", 10)).isEmpty();
    }

    @Test
    void readersAreNotBlockedWhileAWriterHoldsTheLock() {
        WeightedTrie trie = new WeightedTrie(1000);
        trie.put("stable", 1, 1);
        List<Match> seenByReader = new ArrayList<>();
        trie.write(w -> {
            w.put("stale", 2, 5);
            // a reader on another thread completes while this batch is still open
            CompletableFuture<List<Match>> reader = CompletableFuture.supplyAsync(() -> trie.prefix("sta", 10));
            try {
                seenByReader.addAll(reader.get(30, TimeUnit.SECONDS));
            } catch (Exception e) {
                throw new AssertionError("reader blocked by writer", e);
            }
        });
        assertThat(seenByReader).extracting(Match::value).containsExactly(1); // the batch was not yet visible
        assertThat(trie.prefix("sta", 10)).extracting(Match::value).containsExactly(2, 1);
    }

    // ---- helpers -------------------------------------------------------------------------

    private static List<String> strip(List<Match> ms) {
        List<String> out = new ArrayList<>();
        for (Match m : ms) {
            out.add(m.value() + "@" + m.weight() + "/" + m.distance());
        }
        return out;
    }

    static String randomWord(Random rnd, int[] alphabet, int min, int max) {
        int len = min + rnd.nextInt(max - min + 1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < len; i++) {
            sb.appendCodePoint(alphabet[rnd.nextInt(alphabet.length)]);
        }
        return sb.toString();
    }

    /** The obvious implementation: scan every (word, value, weight). */
    static final class Reference {
        final Map<String, Map<Integer, Integer>> words = new HashMap<>();

        void put(String word, int value, int weight) {
            words.computeIfAbsent(Keys.normalize(word), x -> new HashMap<>()).put(value, weight);
        }

        void remove(String word, int value) {
            String key = Keys.normalize(word);
            Map<Integer, Integer> m = words.get(key);
            if (m != null) {
                m.remove(value);
                if (m.isEmpty()) {
                    words.remove(key);
                }
            }
        }

        List<Match> search(String query, int k, boolean fuzzy) {
            int[] q = Keys.normalize(query).codePoints().toArray();
            Map<Integer, Match> best = new HashMap<>();
            for (Map.Entry<String, Map<Integer, Integer>> e : words.entrySet()) {
                int[] w = e.getKey().codePoints().toArray();
                int d = prefixDistance(w, q);
                if (d > (fuzzy ? 1 : 0)) {
                    continue;
                }
                for (Map.Entry<Integer, Integer> p : e.getValue().entrySet()) {
                    Match m = new Match(e.getKey(), p.getKey(), p.getValue(), d);
                    best.merge(p.getKey(), m, (a, b) -> RANK.compare(a, b) <= 0 ? a : b);
                }
            }
            return best.values().stream().sorted(RANK).limit(k).toList();
        }

        static final Comparator<Match> RANK = Comparator.comparingInt(Match::distance)
                .thenComparing(Comparator.comparingInt(Match::weight).reversed())
                .thenComparingInt(Match::value);

        /** min over prefixes p of w of OSA(p, q). */
        static int prefixDistance(int[] w, int[] q) {
            int min = Integer.MAX_VALUE;
            for (int len = 0; len <= w.length; len++) {
                min = Math.min(min, osa(java.util.Arrays.copyOf(w, len), q));
            }
            return min;
        }

        static int osa(int[] a, int[] b) {
            int[][] d = new int[a.length + 1][b.length + 1];
            for (int i = 0; i <= a.length; i++) {
                d[i][0] = i;
            }
            for (int j = 0; j <= b.length; j++) {
                d[0][j] = j;
            }
            for (int i = 1; i <= a.length; i++) {
                for (int j = 1; j <= b.length; j++) {
                    int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                    d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                    if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                    }
                }
            }
            return d[a.length][b.length];
        }
    }
}
