package io.docstream.crdt;

/** A CRDT operation: what travels between replicas (the "CRDT view" of a canonical op). */
public sealed interface Op permits Op.Insert, Op.Delete {

    /**
     * Insert {@code text} after the element {@code origin} ({@code null} = start of document).
     * The code points of {@code text} get the ids {@code id, id+1, ...} (same site).
     */
    record Insert(Id id, Id origin, String text) implements Op {
        public Insert {
            if (id == null || text == null || text.isEmpty()) {
                throw new IllegalArgumentException("insert needs an id and non-empty text");
            }
        }

        public int length() {
            return text.codePointCount(0, text.length());
        }
    }

    /** Tombstone the elements in {@code ranges}. */
    record Delete(java.util.List<IdRange> ranges) implements Op {
        public Delete {
            if (ranges == null || ranges.isEmpty()) {
                throw new IllegalArgumentException("delete needs at least one id range");
            }
            ranges = java.util.List.copyOf(ranges);
        }
    }
}
