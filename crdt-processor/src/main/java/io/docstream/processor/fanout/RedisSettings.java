package io.docstream.processor.fanout;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Redis used by the fan-out relay ({@code docstream.redis.*}).
 *
 * @param uri           {@code docstream.redis.uri}, default {@code redis://127.0.0.1:6379}
 * @param channelPrefix {@code docstream.redis.channel-prefix}, default {@code ""}: prefix of every
 *                      channel ({@link io.docstream.protocol.RedisChannels}) and of the
 *                      {@code docseq:{docId}} keys; tests use a fresh one
 */
@Validated
@ConfigurationProperties("docstream.redis")
public record RedisSettings(
        @NotBlank @DefaultValue("redis://127.0.0.1:6379") String uri,
        @NotNull @DefaultValue("") String channelPrefix) {

    public RedisSettings {
        channelPrefix = channelPrefix == null ? "" : channelPrefix;
    }
}
