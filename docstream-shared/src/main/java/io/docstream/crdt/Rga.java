package io.docstream.crdt;

/**
 * One replica of an RGA text sequence (API contract; implementation in progress).
 *
 * <p>All indexes and lengths count Unicode code points. Local edits return the op to send to
 * other replicas; {@link #apply(Op)} integrates a remote op idempotently and returns its index
 * view. Not thread-safe: a replica belongs to one thread (one Streams task, one socket).
 */
public final class Rga {

    public Rga() {}

    /** Local insert of {@code text} at visible index {@code index} by {@code site}. */
    public Op.Insert insert(int site, int index, String text) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Local delete of {@code length} visible code points starting at {@code index}. */
    public Op.Delete delete(int index, int length) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * Integrates a remote op. Idempotent: applying an op twice changes nothing the second time
     * (returns {@link Change#NONE}). Throws {@link CrdtException} (replica unchanged) when the op
     * depends on elements this replica does not have or conflicts with existing ids.
     */
    public Change apply(Op op) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** True when every element the op refers to (origin, delete targets) is present. */
    public boolean isReady(Op op) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Visible text. */
    public String text() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Visible length in code points. */
    public int length() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Largest Lamport counter seen; the next local insert uses {@code maxCounter() + 1}. */
    public int maxCounter() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Id of the visible code point at {@code index}. */
    public Id idAt(int index) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * Visible index of element {@code id}; for a deleted element, the index of the next visible
     * element (where a cursor anchored to it now sits). -1 when the id is unknown.
     */
    public int indexOf(Id id) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Compact binary snapshot of the whole replica including tombstones. */
    public byte[] encode() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Inverse of {@link #encode()}. */
    public static Rga decode(byte[] snapshot) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
