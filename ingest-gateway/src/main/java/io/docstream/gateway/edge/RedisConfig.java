package io.docstream.gateway.edge;

import io.docstream.protocol.RedisChannels;
import io.lettuce.core.RedisClient;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.validation.annotation.Validated;

/** The gateway's Redis client and channel names. */
@Configuration(proxyBeanMethods = false)
public class RedisConfig {

    /**
     * @param uri           {@code docstream.redis.uri}, default {@code redis://127.0.0.1:6379}
     * @param channelPrefix {@code docstream.redis.channel-prefix}, default empty
     */
    @Validated
    @ConfigurationProperties("docstream.redis")
    public record RedisSettings(
            @NotBlank @DefaultValue("redis://127.0.0.1:6379") String uri,
            @NotNull @DefaultValue("") String channelPrefix) {}

    @Bean(destroyMethod = "shutdown")
    RedisClient redisClient(RedisSettings settings) {
        return RedisClient.create(settings.uri());
    }

    @Bean
    RedisChannels redisChannels(RedisSettings settings) {
        return new RedisChannels(settings.channelPrefix());
    }
}
