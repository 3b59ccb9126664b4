package io.docstream.projection.replay;

import io.docstream.protocol.IndexView;
import java.util.List;

/**
 * Plain text that index-view patches ({@link IndexView}) are applied to, positions in code points.
 * Same semantics as {@link IndexView#applyTo(String)} but in place on a {@link StringBuilder}, and
 * while the text holds no surrogate pair code point positions are char positions (no scan), so a
 * long history replays in roughly linear time.
 */
public final class PlainTextDocument {

    private final StringBuilder text = new StringBuilder();
    private boolean hasSurrogates;

    /** Applies one patch; {@link IllegalArgumentException} when it does not fit the text. */
    public void apply(IndexView patch) {
        switch (patch.kind()) {
            case "insert" -> {
                if (patch.index() == null || patch.text() == null) {
                    throw new IllegalArgumentException("insert patch needs index and text");
                }
                int at = offset(0, patch.index());
                text.insert(at, patch.text());
                hasSurrogates |= containsSurrogate(patch.text());
            }
            case "delete" -> {
                List<int[]> ranges = patch.ranges();
                if (ranges == null) {
                    throw new IllegalArgumentException("delete patch needs ranges");
                }
                for (int[] r : ranges) {
                    if (r == null || r.length != 2 || r[1] < 0) {
                        throw new IllegalArgumentException("delete range must be [index, length]");
                    }
                    int from = offset(0, r[0]);
                    int to = offset(from, r[1]);
                    text.delete(from, to);
                }
            }
            case "none" -> {
                // nothing visible changed
            }
            default -> throw new IllegalArgumentException("unknown patch kind " + patch.kind());
        }
    }

    /** Visible length in code points. */
    public int length() {
        return hasSurrogates ? text.codePointCount(0, text.length()) : text.length();
    }

    public String text() {
        return text.toString();
    }

    @Override
    public String toString() {
        return text();
    }

    private int offset(int fromChar, int codePoints) {
        if (codePoints < 0) {
            throw new IllegalArgumentException("negative position " + codePoints);
        }
        if (!hasSurrogates) {
            int at = fromChar + codePoints;
            if (at > text.length()) {
                throw new IllegalArgumentException("position " + codePoints + " beyond the text");
            }
            return at;
        }
        try {
            return text.offsetByCodePoints(fromChar, codePoints);
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("position " + codePoints + " beyond the text", e);
        }
    }

    private static boolean containsSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isSurrogate(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
