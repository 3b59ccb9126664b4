package io.docstream.projection.writer;

import io.docstream.protocol.CanonicalOp;
import java.util.UUID;

/**
 * One row of {@code ops_log} as the writer inserts it.
 *
 * @param payloadJson the canonical op JSON as published on {@code doc-ops} (stored as jsonb)
 * @param op          the parsed canonical op (its CRDT view advances the snapshot replica)
 */
public record LoggedOp(UUID docId, long seq, String opId, UUID userId, int site, String kind,
                       String payloadJson, CanonicalOp op) {}
