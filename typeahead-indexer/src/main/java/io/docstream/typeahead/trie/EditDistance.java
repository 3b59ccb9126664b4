package io.docstream.typeahead.trie;

/** The distance the trie's fuzzy search uses, for checking one word without a trie. */
public final class EditDistance {

    private EditDistance() {}

    /**
     * The smallest optimal-string-alignment distance between {@code query} and a prefix of
     * {@code word} (both already normalised), capped at 2 ("more than one edit").
     */
    public static int prefixDistance(String word, String query) {
        int[] w = Keys.codePoints(word);
        int[] q = Keys.codePoints(query);
        int m = q.length;
        int[] prev2 = null;
        int[] prev = new int[m + 1];
        for (int j = 0; j <= m; j++) {
            prev[j] = j;
        }
        int best = prev[m];
        for (int i = 1; i <= w.length && best > 0; i++) {
            int[] row = new int[m + 1];
            row[0] = i;
            int min = row[0];
            for (int j = 1; j <= m; j++) {
                int cost = w[i - 1] == q[j - 1] ? 0 : 1;
                int v = Math.min(Math.min(prev[j] + 1, row[j - 1] + 1), prev[j - 1] + cost);
                if (prev2 != null && j >= 2 && w[i - 1] == q[j - 2] && w[i - 2] == q[j - 1]) {
                    v = Math.min(v, prev2[j - 2] + 1);
                }
                row[j] = v;
                min = Math.min(min, v);
            }
            best = Math.min(best, row[m]);
            if (min > 1) {
                break; // every longer prefix is further away still
            }
            prev2 = prev;
            prev = row;
        }
        return Math.min(best, 2);
    }
}
