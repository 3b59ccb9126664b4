package io.docstream.typeahead.words;

import io.docstream.protocol.IndexView;
import io.docstream.typeahead.trie.Keys;
import io.docstream.typeahead.trie.Match;
import io.docstream.typeahead.trie.WeightedTrie;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The words of one document's current text, kept current from its index-view patches.
 *
 * <p>Each patch only re-tokenises the window around the edit, widened to word boundaries: the
 * words of that window before the edit are uncounted and those after it counted, so an edit
 * costs O(window) in word work (plus the String copy of the text). The trie holds at most the
 * per-document word budget (LRU); it is written by one thread and read without locks.
 */
public final class DocumentWords {

    /** Words shorter than this (in code points) are not offered as completions. */
    public static final int MIN_WORD = 2;

    private final WeightedTrie trie;
    private final Map<String, Integer> counts = new HashMap<>();
    /** Trie values must be distinct per word (results are de-duplicated by value). */
    private final Map<String, Integer> ids = new HashMap<>();
    private int nextId;
    private String text = "";
    private long seq;

    public DocumentWords(int wordBudget) {
        this.trie = new WeightedTrie(wordBudget);
    }

    /** Restores from a checkpointed text at {@code seq}. */
    public static DocumentWords of(int wordBudget, String text, long seq) {
        DocumentWords d = new DocumentWords(wordBudget);
        Map<String, Integer> delta = new HashMap<>();
        count(text, 1, delta);
        d.text = text;
        d.seq = seq;
        d.commit(delta);
        return d;
    }

    public long seq() {
        return seq;
    }

    public String text() {
        return text;
    }

    /**
     * Applies the patch of op {@code opSeq}; ops at or below the current seq are duplicates and
     * ignored (so replays are harmless).
     *
     * @throws IndexOutOfBoundsException if the patch does not fit the text (a permanent failure)
     */
    public boolean apply(long opSeq, IndexView patch) {
        if (opSeq <= seq) {
            return false;
        }
        Map<String, Integer> delta = new HashMap<>();
        String t = text;
        switch (patch.kind()) {
            case "insert" -> {
                int at = t.offsetByCodePoints(0, patch.index());
                int from = wordStart(t, at);
                int to = wordEnd(t, at);
                String next = t.substring(0, at) + patch.text() + t.substring(at);
                count(t.substring(from, to), -1, delta);
                count(next.substring(from, to + patch.text().length()), 1, delta);
                t = next;
            }
            case "delete" -> {
                for (int[] r : patch.ranges()) {
                    int at = t.offsetByCodePoints(0, r[0]);
                    int end = t.offsetByCodePoints(at, r[1]);
                    int from = wordStart(t, at);
                    int to = wordEnd(t, end);
                    String next = t.substring(0, at) + t.substring(end);
                    count(t.substring(from, to), -1, delta);
                    count(next.substring(from, to - (end - at)), 1, delta);
                    t = next;
                }
            }
            default -> { }
        }
        text = t;
        seq = opSeq;
        commit(delta);
        return true;
    }

    private void commit(Map<String, Integer> delta) {
        trie.write(w -> {
            for (Map.Entry<String, Integer> e : delta.entrySet()) {
                if (e.getValue() == 0) {
                    continue;
                }
                String word = e.getKey();
                int n = counts.merge(word, e.getValue(), Integer::sum);
                boolean offered = word.codePointCount(0, word.length()) >= MIN_WORD;
                if (n <= 0) {
                    counts.remove(word);
                    Integer id = ids.remove(word);
                    if (offered && id != null) {
                        w.remove(word, id);
                    }
                } else if (offered) {
                    w.put(word, ids.computeIfAbsent(word, x -> nextId++ & Integer.MAX_VALUE), n);
                }
            }
        });
    }

    private static void count(String segment, int sign, Map<String, Integer> delta) {
        for (String w : Keys.words(segment)) {
            delta.merge(w, sign, Integer::sum);
        }
    }

    private static int wordStart(String s, int i) {
        while (i > 0) {
            int cp = s.codePointBefore(i);
            if (!Keys.isWordChar(cp)) {
                break;
            }
            i -= Character.charCount(cp);
        }
        return i;
    }

    private static int wordEnd(String s, int i) {
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            if (!Keys.isWordChar(cp)) {
                break;
            }
            i += Character.charCount(cp);
        }
        return i;
    }

    /** A word and how many times it occurs in the text. */
    public record Completion(String word, int count, int distance) {}

    /** Words starting with {@code prefix} (fuzzy from 3 code points), most frequent first. */
    public List<Completion> complete(String prefix, int limit) {
        String p = Keys.normalize(prefix == null ? "" : prefix.strip());
        List<Match> ms = p.codePointCount(0, p.length()) >= 3 ? trie.fuzzy(p, limit) : trie.prefix(p, limit);
        List<Completion> out = new ArrayList<>(ms.size());
        for (Match m : ms) {
            out.add(new Completion(m.word(), m.weight(), m.distance()));
        }
        return out;
    }

    /** Occurrences of each word (for tests). */
    public Map<String, Integer> counts() {
        return Map.copyOf(counts);
    }

    public WeightedTrie trie() {
        return trie;
    }
}
