package io.docstream.traces;

/**
 * One edit of a trace, like JavaScript {@code Array.splice}: at {@code pos} delete {@code delete}
 * code points, then insert {@code insert} there. Positions count code points.
 */
public record Patch(int pos, int delete, String insert) {

    public Patch {
        if (pos < 0 || delete < 0 || insert == null) {
            throw new IllegalArgumentException("invalid patch [" + pos + ", " + delete + ", " + insert + "]");
        }
    }

    /** Applies the patch to plain text (code point positions): the reference semantics. */
    public String applyTo(String doc) {
        int from = doc.offsetByCodePoints(0, pos);
        int to = doc.offsetByCodePoints(from, delete);
        return doc.substring(0, from) + insert + doc.substring(to);
    }
}
