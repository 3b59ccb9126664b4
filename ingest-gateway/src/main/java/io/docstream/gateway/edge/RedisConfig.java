package io.docstream.gateway.edge;

import io.docstream.protocol.RedisChannels;
import io.lettuce.core.RedisClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The gateway's Redis beans: one Lettuce {@link RedisClient} (connections are opened by their
 * users, e.g. one publish connection for ACL changes, one pub/sub connection for the WebSocket
 * fan-out) and the {@link RedisChannels} naming every channel under the configured prefix.
 */
@Configuration(proxyBeanMethods = false)
public class RedisConfig {

    @Bean(destroyMethod = "shutdown")
    public RedisClient redisClient(RedisSettings settings) {
        return RedisClient.create(settings.uri());
    }

    @Bean
    public RedisChannels redisChannels(RedisSettings settings) {
        return new RedisChannels(settings.channelPrefix());
    }
}
