package io.docstream.gateway.auth;

import io.docstream.auth.AccessTokens;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Resolves bearer tokens to users. Used by the REST API and by the WebSocket layer at join time
 * (and whenever it wants to re-check a connection). Every call hits the database, so a logout or
 * expiry takes effect at once.
 */
@Service
public class Authenticator {

    private static final String SQL = """
            SELECT u.id, u.email, u.display_name
              FROM auth_tokens t JOIN users u ON u.id = t.user_id
             WHERE t.token_hash = ? AND t.revoked_at IS NULL AND t.expires_at > now()""";

    private final JdbcClient jdbc;

    public Authenticator(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The user of a valid token: known, not expired, not revoked.
     *
     * @param bearerToken the raw token (without the {@code "Bearer "} scheme); null, blank or
     *                    oversized tokens simply do not authenticate
     */
    public Optional<Principal> authenticate(String bearerToken) {
        if (bearerToken == null || bearerToken.isBlank() || bearerToken.length() > 200) {
            return Optional.empty();
        }
        return jdbc.sql(SQL).param(AccessTokens.hash(bearerToken))
                .query((rs, n) -> new Principal(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)))
                .optional();
    }

    /** The token of an {@code Authorization} header value ({@code Bearer <token>}), if it has that shape. */
    public static Optional<String> bearerToken(String authorizationHeader) {
        if (authorizationHeader == null) {
            return Optional.empty();
        }
        String h = authorizationHeader.strip();
        if (h.length() < 8 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = h.substring(7).strip();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }
}
