package io.docstream.gateway.edge;

import io.docstream.protocol.ErrorCode;

/**
 * REST error codes. Where a code exists in the wire protocol ({@link ErrorCode}) the same name is
 * used; the others are REST-only. Documented in docs/api.md.
 */
public final class ErrorCodes {

    public static final String MALFORMED_JSON = ErrorCode.MALFORMED_JSON.name();
    public static final String INVALID_MESSAGE = ErrorCode.INVALID_MESSAGE.name();
    public static final String UNAUTHENTICATED = ErrorCode.UNAUTHENTICATED.name();
    public static final String FORBIDDEN = ErrorCode.FORBIDDEN.name();
    public static final String NOT_FOUND = ErrorCode.NOT_FOUND.name();
    public static final String RATE_LIMITED = ErrorCode.RATE_LIMITED.name();
    public static final String INTERNAL = ErrorCode.INTERNAL.name();
    public static final String UNAVAILABLE = ErrorCode.UNAVAILABLE.name();
    /** REST only: sign-up with an email already registered (case-insensitive). */
    public static final String EMAIL_TAKEN = "EMAIL_TAKEN";
    /** REST only: a request that conflicts with the current state (e.g. changing the owner's role). */
    public static final String CONFLICT = "CONFLICT";
    /** REST only: request body larger than {@code docstream.edge.max-body-bytes}. */
    public static final String PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE";
    /** REST only: HTTP method not supported on this path. */
    public static final String METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED";
    /** REST only: content type other than application/json, or unacceptable Accept header. */
    public static final String UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE";
    /** REST only: CORS request from an origin not in {@code docstream.edge.allowed-origins}. */
    public static final String ORIGIN_NOT_ALLOWED = "ORIGIN_NOT_ALLOWED";

    private ErrorCodes() {}
}
