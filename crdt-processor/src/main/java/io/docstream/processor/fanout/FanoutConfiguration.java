package io.docstream.processor.fanout;

import io.docstream.processor.KafkaSettings;
import io.docstream.topics.Topics;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Runs the fan-out relay unless {@code docstream.fanout.enabled=false}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "docstream.fanout.enabled", matchIfMissing = true)
public class FanoutConfiguration {

    @Bean
    FanoutRelay fanoutRelay(Topics topics, KafkaSettings kafka, FanoutSettings settings, RedisSettings redis) {
        return new FanoutRelay(topics, kafka, settings, redis);
    }
}
