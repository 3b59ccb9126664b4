package io.docstream.typeahead.mentions;

import io.docstream.typeahead.trie.Keys;
import io.docstream.typeahead.trie.Match;
import io.docstream.typeahead.trie.WeightedTrie;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * The mention index of one document: the words of each collaborator's display name and email
 * local part, weighted by how often the collaborator was picked there.
 */
public final class MentionIndex {

    private final List<Collaborator> collaborators;
    private final Map<String, Integer> numbers = new HashMap<>();
    private final WeightedTrie trie;
    private final long[] scores;

    public MentionIndex(List<Collaborator> collaborators, ToLongFunction<String> countOf) {
        this.collaborators = List.copyOf(collaborators);
        this.scores = new long[collaborators.size()];
        int words = 1;
        for (Collaborator c : collaborators) {
            words += wordsOf(c).size();
        }
        this.trie = new WeightedTrie(Math.max(16, words * 2));
        trie.write(w -> {
            for (int i = 0; i < this.collaborators.size(); i++) {
                Collaborator c = this.collaborators.get(i);
                numbers.put(c.userId(), i);
                scores[i] = countOf.applyAsLong(c.userId());
                for (String word : wordsOf(c)) {
                    w.put(word, i, clamp(scores[i]));
                }
            }
        });
    }

    static Set<String> wordsOf(Collaborator c) {
        Set<String> words = new LinkedHashSet<>(Keys.words(c.displayName() == null ? "" : c.displayName()));
        String email = c.email() == null ? "" : c.email();
        int at = email.indexOf('@');
        words.addAll(Keys.words(at < 0 ? email : email.substring(0, at)));
        return words;
    }

    private static int clamp(long v) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, v));
    }

    public boolean isCollaborator(String userId) {
        return numbers.containsKey(userId);
    }

    /** Sets the pick count of {@code userId} (absolute, so repeating it is harmless). */
    public void setCount(String userId, long count) {
        Integer n = numbers.get(userId);
        if (n == null) {
            return;
        }
        scores[n] = count;
        Collaborator c = collaborators.get(n);
        trie.write(w -> {
            for (String word : wordsOf(c)) {
                w.put(word, n, clamp(count));
            }
        });
    }

    /** Collaborators matching {@code query} (empty: everyone), most picked first. */
    public List<Mention> search(String query, int limit) {
        List<String> tokens = Keys.words(query == null ? "" : query);
        String last = tokens.isEmpty() ? "" : tokens.get(tokens.size() - 1);
        List<Match> matches = last.codePointCount(0, last.length()) >= 3 ? trie.fuzzy(last, limit) : trie.prefix(last, limit);
        List<Mention> out = new ArrayList<>(matches.size());
        for (Match m : matches) {
            Collaborator c = collaborators.get(m.value());
            out.add(new Mention(c.userId(), c.displayName(), c.email(), scores[m.value()], m.distance()));
        }
        return out;
    }

    /** Releases the index (unload). A cleared index answers nothing. */
    public void clear() {
        trie.clear();
    }

    public int size() {
        return collaborators.size();
    }
}
