package io.docstream.gateway.auth;

import io.docstream.auth.AccessTokens;
import io.docstream.gateway.edge.ApiException;
import io.docstream.gateway.edge.ErrorCodes;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Sign-up, login and logout; issues opaque bearer tokens stored hashed in {@code auth_tokens}. */
@Service
public class AccountService {

    private static final Logger log = LoggerFactory.getLogger(AccountService.class);

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    private final AuthProperties properties;
    /** Hash compared against when the email is unknown, so that both failures cost the same. */
    private final String dummyHash;

    public AccountService(JdbcClient jdbc, PasswordEncoder passwords, AuthProperties properties) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.properties = properties;
        this.dummyHash = passwords.encode(AccessTokens.newToken());
    }

    /** Creates the account and a first token; 409 {@code EMAIL_TAKEN} when the email is registered (any case). */
    @Transactional
    public AuthApi.TokenResponse signup(AuthApi.SignupRequest request) {
        UUID userId = UUID.randomUUID();
        String hash = passwords.encode(request.password());
        int inserted = jdbc.sql("""
                        INSERT INTO users (id, email, display_name, password_hash) VALUES (?, ?, ?, ?)
                        ON CONFLICT DO NOTHING""")
                .params(userId, request.email().strip(), request.displayName().strip(), hash)
                .update();
        if (inserted == 0) {
            throw ApiException.conflict(ErrorCodes.EMAIL_TAKEN, "an account with this email already exists");
        }
        log.info("user {} signed up", userId);
        return issueToken(userId);
    }

    /** A new token for valid credentials; the same 401 for an unknown email and a wrong password. */
    @Transactional
    public AuthApi.TokenResponse login(AuthApi.LoginRequest request) {
        record Row(UUID id, String hash) {}
        Optional<Row> row = jdbc.sql("SELECT id, password_hash FROM users WHERE lower(email) = lower(?)")
                .param(request.email().strip())
                .query((rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getString(2)))
                .optional();
        boolean ok = passwords.matches(request.password(), row.map(Row::hash).orElse(dummyHash)) && row.isPresent();
        if (!ok) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, ErrorCodes.UNAUTHENTICATED, "wrong email or password");
        }
        return issueToken(row.get().id());
    }

    /** Revokes one token (idempotent). */
    @Transactional
    public void logout(String token) {
        jdbc.sql("UPDATE auth_tokens SET revoked_at = now() WHERE token_hash = ? AND revoked_at IS NULL")
                .param(AccessTokens.hash(token))
                .update();
    }

    private AuthApi.TokenResponse issueToken(UUID userId) {
        String token = AccessTokens.newToken();
        OffsetDateTime expiresAt = jdbc.sql("""
                        INSERT INTO auth_tokens (token_hash, user_id, expires_at)
                        VALUES (?, ?, now() + make_interval(secs => ?)) RETURNING expires_at""")
                .params(AccessTokens.hash(token), userId, properties.tokenTtl().toMillis() / 1000.0)
                .query(OffsetDateTime.class)
                .single();
        return new AuthApi.TokenResponse(userId, token, expiresAt.toInstant());
    }

    /** Deletes tokens that expired or were revoked more than {@code purge-expired-after} ago (hourly). */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
    public void purgeDeadTokens() {
        double secs = properties.purgeExpiredAfter().toMillis() / 1000.0;
        int n = jdbc.sql("""
                        DELETE FROM auth_tokens
                         WHERE expires_at < now() - make_interval(secs => ?)
                            OR revoked_at < now() - make_interval(secs => ?)""")
                .params(secs, secs)
                .update();
        if (n > 0) {
            log.info("purged {} dead tokens", n);
        }
    }

}
