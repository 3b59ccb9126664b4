package io.docstream.typeahead.words;

import static org.assertj.core.api.Assertions.assertThat;

import io.docstream.protocol.IndexView;
import io.docstream.typeahead.trie.Keys;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The incremental word counts always equal a full re-tokenisation of the text (seeded). */
class DocumentWordsTest {

    private static final String[] PIECES = {"a", "b", "é", "e\u0301", " ", ".", "ab", "\uD83D\uDE00", "x y", "Zz", "\n"};

    @Test
    void incrementalCountsMatchAFullRecount() {
        long base = System.nanoTime();
        for (int round = 0; round < 200; round++) {
            long seed = base + round;
            Random rnd = new Random(seed);
            DocumentWords doc = new DocumentWords(10_000);
            String plain = "";
            for (int seq = 1; seq <= 60; seq++) {
                int len = plain.codePointCount(0, plain.length());
                IndexView patch;
                if (len == 0 || rnd.nextInt(3) > 0) {
                    String text = PIECES[rnd.nextInt(PIECES.length)] + (rnd.nextBoolean() ? PIECES[rnd.nextInt(PIECES.length)] : "");
                    patch = new IndexView("insert", rnd.nextInt(len + 1), text, null);
                } else {
                    int at = rnd.nextInt(len);
                    int n = 1 + rnd.nextInt(Math.min(4, len - at));
                    patch = new IndexView("delete", null, null, List.of(new int[] {at, n}));
                }
                plain = patch.applyTo(plain);
                assertThat(doc.apply(seq, patch)).isTrue();
                assertThat(doc.text()).as("seed %d", seed).isEqualTo(plain);
                assertThat(doc.counts()).as("seed %d text=%s", seed, plain).isEqualTo(recount(plain));
            }
            assertThat(doc.apply(3, new IndexView("insert", 0, "dup", null))).as("replayed op ignored").isFalse();
        }
    }

    @Test
    void completesByFrequencyAndForgetsDeletedWords() {
        DocumentWords doc = new DocumentWords(100);
        doc.apply(1, new IndexView("insert", 0, "plan planet planet plank", null));
        assertThat(doc.complete("pla", 10)).extracting(DocumentWords.Completion::word)
                .containsExactly("planet", "plan", "plank");
        // delete "plank" (code points 19..24)
        doc.apply(2, new IndexView("delete", null, null, List.of(new int[] {18, 6})));
        assertThat(doc.text()).isEqualTo("plan planet planet");
        assertThat(doc.complete("plan", 10)).extracting(DocumentWords.Completion::word).containsExactly("planet", "plan");
        // exact prefix matches first, then those one edit away ("plan" lacks the final e)
        assertThat(doc.complete("PLANE", 10)).containsExactly(
                new DocumentWords.Completion("planet", 2, 0), new DocumentWords.Completion("plan", 1, 1));
    }

    @Test
    void multiRangeDeletesApplyInOrder() {
        DocumentWords doc = new DocumentWords(100);
        doc.apply(1, new IndexView("insert", 0, "alpha beta gamma", null));
        doc.apply(2, new IndexView("delete", null, null, List.of(new int[] {11, 5}, new int[] {0, 6})));
        assertThat(doc.text()).isEqualTo("beta ");
        assertThat(doc.counts()).isEqualTo(Map.of("beta", 1));
    }

    private static Map<String, Integer> recount(String text) {
        Map<String, Integer> m = new HashMap<>();
        for (String w : Keys.words(text)) {
            m.merge(w, 1, Integer::sum);
        }
        return m;
    }
}
