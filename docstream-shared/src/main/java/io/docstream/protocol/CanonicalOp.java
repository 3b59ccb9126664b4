package io.docstream.protocol;

/**
 * Value of topic {@code doc-ops} (key: docId): an op as the processor integrated it, with the
 * next per-document sequence number. Carries both views: {@code op} (CRDT) and {@code index}
 * (plain-text patch). Schema: docs/canonical-op.schema.json.
 *
 * @param gatewayId  the gateway instance the op came through (acks are routed by it)
 * @param receivedAt gateway receive time, epoch millis; {@code processedAt} processor time
 */
public record CanonicalOp(String docId, long seq, String userId, int site, long clientSeq,
                          String gatewayId, WireOp op, IndexView index, long receivedAt,
                          long processedAt) {

    /** Stable op identity: the site and the client's sequence number. */
    public String opId() {
        return site + ":" + clientSeq;
    }
}
