package io.docstream.processor.topology;

import java.nio.ByteBuffer;

/**
 * Per-document bookkeeping in {@code rga-meta}: the last assigned {@code seq}, the {@code seq} of the
 * latest snapshot (0 = none) and that snapshot's size (drives the adaptive snapshot interval).
 */
record DocMeta(long seq, long snapshotSeq, int snapshotBytes) {

    static final DocMeta EMPTY = new DocMeta(0, 0, 0);

    long opsSinceSnapshot() {
        return seq - snapshotSeq;
    }

    DocMeta withSeq(long next) {
        return new DocMeta(next, snapshotSeq, snapshotBytes);
    }

    byte[] encode() {
        return ByteBuffer.allocate(20).putLong(seq).putLong(snapshotSeq).putInt(snapshotBytes).array();
    }

    static DocMeta decode(byte[] bytes) {
        if (bytes == null) {
            return EMPTY;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        return new DocMeta(b.getLong(), b.getLong(), b.getInt());
    }
}
