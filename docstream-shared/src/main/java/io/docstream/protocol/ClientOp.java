package io.docstream.protocol;

/**
 * Value of topic {@code doc-ops-in} (key: docId): one client op as the gateway accepted it.
 * Identity comes from the authenticated session, never from the client's message: the gateway
 * fills {@code userId}, {@code site} and {@code gatewayId}.
 *
 * @param clientSeq  per-site sequence number chosen by the client (dedup and ack correlation)
 * @param receivedAt gateway receive time, epoch millis
 */
public record ClientOp(String docId, String userId, int site, long clientSeq, String gatewayId,
                       WireOp op, long receivedAt) {}
