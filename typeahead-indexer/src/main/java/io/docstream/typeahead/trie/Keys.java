package io.docstream.typeahead.trie;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Unicode-correct keys: every key and query is lower-cased (root locale) and NFC-normalised,
 * and is handled as a sequence of code points (an emoji or an accented letter is one unit,
 * never half a surrogate pair).
 */
public final class Keys {

    /** Longest word (in code points) that is indexed; longer runs are not words anyone types. */
    public static final int MAX_WORD_CODE_POINTS = 64;

    private Keys() {}

    public static String normalize(String s) {
        return Normalizer.normalize(s.toLowerCase(Locale.ROOT), Normalizer.Form.NFC);
    }

    /** Letters, digits and combining marks make words; everything else separates them. */
    public static boolean isWordChar(int cp) {
        if (Character.isLetterOrDigit(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    /** The normalised words of {@code text}, in order, with repetitions, each 1..64 code points. */
    public static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            int cp = text.codePointAt(i);
            if (!isWordChar(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            int start = i;
            while (i < n && isWordChar(cp = text.codePointAt(i))) {
                i += Character.charCount(cp);
            }
            String w = normalize(text.substring(start, i));
            if (w.codePointCount(0, w.length()) <= MAX_WORD_CODE_POINTS) {
                out.add(w);
            }
        }
        return out;
    }

    static int[] codePoints(String s) {
        return s.codePoints().toArray();
    }
}
