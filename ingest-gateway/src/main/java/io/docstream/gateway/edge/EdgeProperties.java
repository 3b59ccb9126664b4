package io.docstream.gateway.edge;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Edge hygiene of the gateway.
 *
 * @param allowedOrigins {@code docstream.edge.allowed-origins}: browser origins allowed by CORS
 *                       (exact {@code scheme://host[:port]}), default {@code http://localhost:8080}.
 *                       A preflight from any other origin is refused with 403.
 * @param maxBodyBytes   {@code docstream.edge.max-body-bytes}: largest REST request body, default
 *                       65536; larger ones are answered 413
 * @param rateLimit      {@code docstream.edge.rate-limit.*}
 */
@Validated
@ConfigurationProperties("docstream.edge")
public record EdgeProperties(
        @DefaultValue("http://localhost:8080") @NotEmpty List<String> allowedOrigins,
        @DefaultValue("65536") @Min(1024) long maxBodyBytes,
        @DefaultValue @Valid @NotNull RateLimit rateLimit) {

    /**
     * Token-bucket limits (bucket4j). Buckets are kept per key in a bounded map and forgotten after
     * {@code idleExpiry} without use.
     *
     * @param restCapacity   {@code rest-capacity}: REST requests per IP per {@code restPeriod}, default 100
     * @param restPeriod     {@code rest-period}: default 1m (the bucket refills greedily over it)
     * @param opsPerSecond   {@code ops-per-second}: sustained client-op rate per WebSocket
     *                       connection, default 200
     * @param opBurst        {@code op-burst}: op bucket capacity, default 400
     * @param maxKeys        {@code max-keys}: most buckets kept per kind, default 100000
     * @param idleExpiry     {@code idle-expiry}: a bucket unused this long is dropped, default 10m
     */
    public record RateLimit(
            @DefaultValue("100") @Min(1) long restCapacity,
            @DefaultValue("1m") @NotNull Duration restPeriod,
            @DefaultValue("200") @Min(1) long opsPerSecond,
            @DefaultValue("400") @Min(1) long opBurst,
            @DefaultValue("100000") @Min(1) long maxKeys,
            @DefaultValue("10m") @NotNull Duration idleExpiry) {}
}
