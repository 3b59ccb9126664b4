package io.docstream.projection.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.docstream.protocol.IndexView;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The in-place replay agrees with {@link IndexView#applyTo(String)} on random patch sequences. */
class PlainTextDocumentTest {

    private static final String[] PIECES = {"a", "bc", "héllo", "😀", "e\u0301", "𝄞x", " ", "\n"};

    @Test
    void agreesWithIndexViewApplyToOnRandomPatches() {
        long seed = new Random().nextLong();
        Random rnd = new Random(seed);
        for (int round = 0; round < 200; round++) {
            PlainTextDocument doc = new PlainTextDocument();
            String expected = "";
            for (int step = 0; step < 60; step++) {
                int len = expected.codePointCount(0, expected.length());
                IndexView patch;
                if (len == 0 || rnd.nextInt(3) > 0) {
                    patch = new IndexView("insert", rnd.nextInt(len + 1), PIECES[rnd.nextInt(PIECES.length)], null);
                } else {
                    List<int[]> ranges = new ArrayList<>();
                    int hi = len;
                    while (hi > 0 && ranges.size() < 3) {
                        int from = rnd.nextInt(hi);
                        int n = 1 + rnd.nextInt(Math.min(3, hi - from));
                        ranges.add(new int[] {from, n});
                        hi = from - 1;
                    }
                    patch = new IndexView("delete", null, null, ranges);
                }
                expected = patch.applyTo(expected);
                doc.apply(patch);
                assertThat(doc.text()).as("seed %d round %d step %d", seed, round, step).isEqualTo(expected);
                assertThat(doc.length()).as("seed %d", seed).isEqualTo(expected.codePointCount(0, expected.length()));
            }
        }
    }

    @Test
    void rejectsPatchesThatDoNotFit() {
        PlainTextDocument doc = new PlainTextDocument();
        doc.apply(new IndexView("insert", 0, "ab", null));
        doc.apply(new IndexView("none", null, null, null));

        assertThatThrownBy(() -> doc.apply(new IndexView("insert", 3, "x", null)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> doc.apply(new IndexView("delete", null, null, List.of(new int[] {1, 5}))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(doc.text()).isEqualTo("ab");
    }
}
