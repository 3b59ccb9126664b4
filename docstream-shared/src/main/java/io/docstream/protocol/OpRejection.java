package io.docstream.protocol;

/**
 * Value of topic {@code doc-op-rejections} (key: docId): the processor refused a client op.
 * Routed back to the client through gateway {@code gatewayId}.
 *
 * @param code one of {@link ErrorCode} names
 */
public record OpRejection(String docId, String gatewayId, int site, long clientSeq, String code,
                          String message, long rejectedAt) {}
