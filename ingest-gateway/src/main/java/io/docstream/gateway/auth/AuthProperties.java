package io.docstream.gateway.auth;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Account settings.
 *
 * @param tokenTtl        {@code docstream.auth.token-ttl}: lifetime of a bearer token, default 1h
 * @param purgeExpiredAfter {@code docstream.auth.purge-expired-after}: expired or revoked tokens
 *                        are deleted this long after they stopped working, default 1d
 */
@Validated
@ConfigurationProperties("docstream.auth")
public record AuthProperties(
        @DefaultValue("1h") @NotNull Duration tokenTtl,
        @DefaultValue("1d") @NotNull Duration purgeExpiredAfter) {

    public AuthProperties {
        if (tokenTtl != null && (tokenTtl.isNegative() || tokenTtl.isZero())) {
            throw new IllegalArgumentException("docstream.auth.token-ttl must be positive");
        }
    }
}
