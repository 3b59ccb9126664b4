package io.docstream.crdt;

import java.util.List;

/**
 * The index view of an applied op: what happened to the visible text, in code points. Consumers
 * without a CRDT replay these as plain-text patches.
 */
public sealed interface Change permits Change.Inserted, Change.Deleted, Change.None {

    /** {@code text} now starts at visible code point {@code index}. */
    record Inserted(int index, String text) implements Change {}

    /**
     * Visible code points removed; ranges are relative to the text before the op, non-overlapping,
     * in descending index order (so applying them one after the other is also correct).
     */
    record Deleted(List<IndexRange> ranges) implements Change {
        public Deleted {
            ranges = List.copyOf(ranges);
        }
    }

    /** The op changed nothing visible (a duplicate, or a delete of already-deleted elements). */
    record None() implements Change {}

    Change NONE = new None();

    record IndexRange(int index, int length) {}
}
