package io.docstream.gateway.auth;

import java.util.UUID;

/** An authenticated user, as resolved from a bearer token by {@link Authenticator}. */
public record Principal(UUID userId, String email, String displayName) {}
