package io.docstream.typeahead.bench;

import io.docstream.typeahead.titles.TitleEntry;
import io.docstream.typeahead.titles.TitleIndex;
import io.docstream.typeahead.trie.Keys;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * Title-search benchmark (not a test): builds a title index of N synthetic titles (default
 * 1,000,000) whose words follow a Zipf distribution over a generated vocabulary, runs many
 * typeahead queries against it and prints latency percentiles and the retained heap per
 * indexed word. Run it with {@code infra/bin/typeahead-bench [titles] [queries] [seed]}.
 *
 * <p>It measures the index alone (candidate retrieval for one query); the HTTP endpoint adds
 * the token check and one bulk permission query per round against PostgreSQL.
 */
public final class TitleBench {

    private static final String[] ONSETS = {"", "b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t",
        "v", "w", "br", "cr", "dr", "pl", "pr", "st", "tr", "sh", "ch", "th"};
    private static final String[] VOWELS = {"a", "e", "i", "o", "u", "ea", "ou", "ai", "é"};
    private static final String[] CODAS = {"", "", "n", "r", "s", "t", "l", "m", "nd", "st", "ng", "ck"};

    private TitleBench() {}

    public static void main(String[] args) {
        int titles = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int queries = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 42L;
        Random rnd = new Random(seed);

        String[] vocabulary = vocabulary(rnd, 60_000);
        Zipf zipf = new Zipf(vocabulary.length, 1.05);
        System.out.printf(Locale.ROOT, "typeahead-bench: %,d titles, %,d queries, seed %d, vocabulary %,d words (Zipf s=1.05)%n",
                titles, queries, seed, vocabulary.length);

        List<TitleEntry> entries = new ArrayList<>(titles);
        long postings = 0;
        for (int i = 0; i < titles; i++) {
            int n = 2 + rnd.nextInt(5);
            StringBuilder sb = new StringBuilder();
            for (int w = 0; w < n; w++) {
                String word = vocabulary[zipf.next(rnd)];
                sb.append(w == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word).append(' ');
            }
            if (rnd.nextInt(4) == 0) {
                sb.append(2000 + rnd.nextInt(30));
            }
            String title = sb.toString().trim();
            postings += new HashSet<>(Keys.words(title)).size();
            entries.add(new TitleEntry(UUID.randomUUID().toString(), title, rnd.nextInt(200_000_000)));
        }

        long before = usedHeapAfterGc();
        long t0 = System.nanoTime();
        TitleIndex index = new TitleIndex(5_000_000);
        for (int from = 0; from < entries.size(); from += 10_000) { // as the ingestor does: batches
            index.restore(entries.subList(from, Math.min(entries.size(), from + 10_000)));
        }
        long buildMs = (System.nanoTime() - t0) / 1_000_000;
        long after = usedHeapAfterGc();
        long retained = after - before;
        int words = index.trie().wordCount();
        System.out.printf(Locale.ROOT, "built in %,d ms: %,d titles, %,d distinct words, %,d postings, %,d trie nodes%n",
                buildMs, index.size(), words, postings, index.trie().nodeCount());
        System.out.printf(Locale.ROOT, "retained heap of the index (excluding the title and id strings it shares): %,d bytes%n", retained);
        System.out.printf(Locale.ROOT, "  = %.1f bytes per indexed word (distinct), %.1f bytes per posting (title word occurrence), %.1f bytes per title%n",
                (double) retained / words, (double) retained / postings, (double) retained / titles);

        String[] qs = new String[queries];
        for (int i = 0; i < queries; i++) {
            String w = Keys.normalize(vocabulary[zipf.next(rnd)]);
            int len = w.codePointCount(0, w.length());
            int cut = Math.min(len, 1 + rnd.nextInt(Math.max(1, Math.min(len, 6))));
            String q = w.substring(0, w.offsetByCodePoints(0, cut));
            if (rnd.nextInt(5) == 0) { // a second word typed in full before the prefix
                q = Keys.normalize(vocabulary[zipf.next(rnd)]) + " " + q;
            }
            qs[i] = q;
        }
        run(index, qs, "prefix, limit 10 (pool 20)", 20, false);
        run(index, qs, "prefix+fuzzy, limit 10 (pool 20)", 20, true);
        run(index, Arrays.copyOf(qs, Math.max(1, queries / 10)), "prefix+fuzzy, widened to the cap (pool 1000)", 1000, true);
        System.out.println("(one JVM, no permission query; see docs/typeahead.md)");
        if (entries.size() != titles) {
            throw new IllegalStateException(); // keeps the source strings reachable until here
        }
    }

    private static void run(TitleIndex index, String[] qs, String label, int pool, boolean fuzzy) {
        long sink = 0;
        for (int i = 0; i < Math.min(qs.length, 30_000); i++) { // warm-up
            sink += index.candidates(qs[i], pool, fuzzy).list().size();
        }
        long[] ns = new long[qs.length];
        for (int i = 0; i < qs.length; i++) {
            long t = System.nanoTime();
            sink += index.candidates(qs[i], pool, fuzzy).list().size();
            ns[i] = System.nanoTime() - t;
        }
        Arrays.sort(ns);
        System.out.printf(Locale.ROOT, "%-48s p50 %7.3f ms  p99 %7.3f ms  p99.9 %7.3f ms  max %7.3f ms  (%,d queries, %.1f results/query)%n",
                label, ns[ns.length / 2] / 1e6, ns[(int) (ns.length * 0.99)] / 1e6, ns[(int) (ns.length * 0.999)] / 1e6,
                ns[ns.length - 1] / 1e6, qs.length, (double) sink / (qs.length + Math.min(qs.length, 30_000)));
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            long used = mem.getHeapMemoryUsage().getUsed();
            if (Math.abs(last - used) < 1_000_000) {
                return used;
            }
            last = used;
        }
        return last;
    }

    private static String[] vocabulary(Random rnd, int size) {
        Set<String> words = new HashSet<>();
        while (words.size() < size) {
            int syllables = 1 + rnd.nextInt(rnd.nextInt(4) + 1);
            StringBuilder sb = new StringBuilder();
            for (int s = 0; s < syllables; s++) {
                sb.append(ONSETS[rnd.nextInt(ONSETS.length)]).append(VOWELS[rnd.nextInt(VOWELS.length)])
                        .append(CODAS[rnd.nextInt(CODAS.length)]);
            }
            if (sb.length() >= 2) {
                words.add(sb.toString());
            }
        }
        String[] out = words.toArray(new String[0]);
        Arrays.sort(out);
        // shuffle so that rank (frequency) is independent of spelling
        for (int i = out.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            String t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
        return out;
    }

    /** Zipf sampling by inverse CDF over precomputed cumulative weights. */
    private static final class Zipf {
        private final double[] cdf;

        Zipf(int n, double s) {
            cdf = new double[n];
            double sum = 0;
            for (int k = 1; k <= n; k++) {
                sum += 1.0 / Math.pow(k, s);
                cdf[k - 1] = sum;
            }
            for (int k = 0; k < n; k++) {
                cdf[k] /= sum;
            }
        }

        int next(Random rnd) {
            int i = Arrays.binarySearch(cdf, rnd.nextDouble());
            return Math.min(cdf.length - 1, i >= 0 ? i : -i - 1);
        }
    }
}
