package io.docstream.protocol;

/** Error codes sent to clients; each is documented in docs/protocol.md. */
public enum ErrorCode {
    MALFORMED_JSON,
    INVALID_MESSAGE,
    FRAME_TOO_LARGE,
    UNAUTHENTICATED,
    FORBIDDEN,
    NOT_FOUND,
    NOT_JOINED,
    READ_ONLY,
    FORGED_SITE,
    UNKNOWN_ORIGIN,
    UNKNOWN_TARGET,
    ID_CONFLICT,
    INVALID_OP,
    OP_TOO_LARGE,
    DOCUMENT_TOO_LARGE,
    RATE_LIMITED,
    UNAVAILABLE,
    ACCESS_REVOKED,
    DOCUMENT_DELETED,
    INTERNAL
}
