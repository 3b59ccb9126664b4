package io.docstream.gateway.edge;

/**
 * The body of every REST error: {@code {"error": CODE, "message": "...", "requestId": "..."}}.
 * Codes are listed in docs/api.md.
 */
public record ApiError(String error, String message, String requestId) {}
