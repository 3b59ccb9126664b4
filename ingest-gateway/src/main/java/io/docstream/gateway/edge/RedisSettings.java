package io.docstream.gateway.edge;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Redis settings of the gateway.
 *
 * @param uri           {@code docstream.redis.uri}, default {@code redis://127.0.0.1:6379}
 * @param channelPrefix {@code docstream.redis.channel-prefix}, default empty; every pub/sub channel
 *                      name is put under it (tests use a fresh prefix)
 */
@Validated
@ConfigurationProperties("docstream.redis")
public record RedisSettings(
        @DefaultValue("redis://127.0.0.1:6379") @NotBlank String uri,
        @DefaultValue("") @NotNull String channelPrefix) {}
