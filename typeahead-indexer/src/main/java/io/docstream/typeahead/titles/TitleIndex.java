package io.docstream.typeahead.titles;

import io.docstream.protocol.DocumentEvent;
import io.docstream.typeahead.trie.EditDistance;
import io.docstream.typeahead.trie.Keys;
import io.docstream.typeahead.trie.Match;
import io.docstream.typeahead.trie.WeightedTrie;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One index of every document title: each word of a title maps (in a {@link WeightedTrie}) to
 * the document's internal number, weighted by the recency of the title. A projection of the
 * document events topic; written by one thread, read by any number without locks.
 */
public final class TitleIndex {

    /** Weights are seconds since 2020-01-01 (fits an int until 2088). */
    static final long WEIGHT_EPOCH_SECONDS = 1_577_836_800L;
    /** Below this many code points the last query word is only matched exactly (fuzzy is noise). */
    public static final int FUZZY_MIN_CODE_POINTS = 3;

    private final WeightedTrie trie;
    private final Map<String, Integer> numbers = new ConcurrentHashMap<>();
    private volatile TitleEntry[] table = new TitleEntry[1024];
    private int next;

    public TitleIndex(int wordBudget) {
        this.trie = new WeightedTrie(wordBudget);
    }

    public static int weightOf(long epochMillis) {
        long s = epochMillis / 1000 - WEIGHT_EPOCH_SECONDS;
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, s));
    }

    /** Applies a batch of document events (in topic order) as one trie write. */
    public void apply(Collection<DocumentEvent> events) {
        trie.write(w -> {
            for (DocumentEvent e : events) {
                applyOne(w, e);
            }
        });
    }

    /** Restores entries (e.g. from a checkpoint) as one trie write. */
    public void restore(Collection<TitleEntry> entries) {
        trie.write(w -> {
            for (TitleEntry e : entries) {
                upsert(w, e.docId(), e.title(), e.weight());
            }
        });
    }

    private void applyOne(WeightedTrie.Writer w, DocumentEvent e) {
        if (e == null || e.docId() == null || e.type() == null) {
            throw new IllegalArgumentException("document event without type or docId");
        }
        if (DocumentEvent.DELETED.equals(e.type())) {
            delete(w, e.docId());
        } else if (e.title() != null) {
            Integer n = numbers.get(e.docId());
            TitleEntry old = n == null ? null : table[n];
            boolean titleEvent = DocumentEvent.CREATED.equals(e.type()) || DocumentEvent.RENAMED.equals(e.type());
            if (old == null || !old.title().equals(e.title()) || titleEvent) {
                int weight = titleEvent || old == null ? weightOf(e.at()) : old.weight();
                upsert(w, e.docId(), e.title(), weight);
            }
        }
    }

    private void upsert(WeightedTrie.Writer w, String docId, String title, int weight) {
        Integer n = numbers.get(docId);
        if (n == null) {
            n = next++;
            if (n >= table.length) {
                table = Arrays.copyOf(table, table.length * 2);
            }
            numbers.put(docId, n);
        } else {
            TitleEntry old = table[n];
            if (old != null) {
                Set<String> gone = new LinkedHashSet<>(Keys.words(old.title()));
                gone.removeAll(Keys.words(title));
                for (String word : gone) {
                    w.remove(word, n);
                }
            }
        }
        table[n] = new TitleEntry(docId, title, weight);
        for (String word : new LinkedHashSet<>(Keys.words(title))) {
            w.put(word, n, weight);
        }
    }

    private void delete(WeightedTrie.Writer w, String docId) {
        Integer n = numbers.remove(docId);
        if (n != null) {
            TitleEntry old = table[n];
            table[n] = null;
            if (old != null) {
                for (String word : new LinkedHashSet<>(Keys.words(old.title()))) {
                    w.remove(word, n);
                }
            }
        }
    }

    /**
     * The best {@code pool} titles for {@code query}: the last query word matches a title word
     * by prefix (or, when {@code fuzzy} and it has at least 3 code points, within one edit);
     * every earlier query word must be a prefix of some word of the title.
     *
     * @return the candidates and whether the index may hold more ({@code more})
     */
    public Candidates candidates(String query, int pool, boolean fuzzy) {
        List<String> tokens = Keys.words(query);
        if (tokens.isEmpty()) {
            return new Candidates(List.of(), false);
        }
        String last = tokens.get(tokens.size() - 1);
        List<String> others = tokens.subList(0, tokens.size() - 1);
        boolean useFuzzy = fuzzy && last.codePointCount(0, last.length()) >= FUZZY_MIN_CODE_POINTS;
        List<Match> matches = useFuzzy ? trie.fuzzy(last, pool) : trie.prefix(last, pool);
        TitleEntry[] t = table;
        List<TitleCandidate> out = new ArrayList<>(matches.size());
        for (Match m : matches) {
            TitleEntry e = m.value() < t.length ? t[m.value()] : null;
            if (e != null && containsAllPrefixes(e.title(), others)) {
                out.add(new TitleCandidate(e.docId(), e.title(), e.weight(), m.distance()));
            }
        }
        return new Candidates(out, matches.size() >= pool);
    }

    /**
     * The titles among {@code docIds} that match {@code query} with the same rules as
     * {@link #candidates}, checked one by one (no trie): the fallback for callers with few documents.
     */
    public List<TitleCandidate> matchAmong(Collection<String> docIds, String query, boolean fuzzy) {
        List<String> tokens = Keys.words(query);
        List<TitleCandidate> out = new ArrayList<>();
        if (tokens.isEmpty()) {
            return out;
        }
        String last = tokens.get(tokens.size() - 1);
        List<String> others = tokens.subList(0, tokens.size() - 1);
        int allowed = fuzzy && last.codePointCount(0, last.length()) >= FUZZY_MIN_CODE_POINTS ? 1 : 0;
        for (String id : docIds) {
            TitleEntry e = get(id);
            if (e == null || !containsAllPrefixes(e.title(), others)) {
                continue;
            }
            int best = 2;
            for (String w : Keys.words(e.title())) {
                best = Math.min(best, w.startsWith(last) ? 0 : EditDistance.prefixDistance(w, last));
            }
            if (best <= allowed) {
                out.add(new TitleCandidate(e.docId(), e.title(), e.weight(), best));
            }
        }
        return out;
    }

    public record Candidates(List<TitleCandidate> list, boolean more) {}

    private static boolean containsAllPrefixes(String title, List<String> prefixes) {
        if (prefixes.isEmpty()) {
            return true;
        }
        List<String> words = Keys.words(title);
        for (String p : prefixes) {
            if (words.stream().noneMatch(w -> w.startsWith(p))) {
                return false;
            }
        }
        return true;
    }

    public TitleEntry get(String docId) {
        Integer n = numbers.get(docId);
        return n == null ? null : table[n];
    }

    /** Every entry (for checkpoints); call from the writer thread for a consistent view. */
    public List<TitleEntry> entries() {
        List<TitleEntry> out = new ArrayList<>(numbers.size());
        TitleEntry[] t = table;
        for (int i = 0; i < next && i < t.length; i++) {
            if (t[i] != null) {
                out.add(t[i]);
            }
        }
        return out;
    }

    public int size() {
        return numbers.size();
    }

    public WeightedTrie trie() {
        return trie;
    }
}
