package io.docstream.gateway.collab;

import io.docstream.gateway.edge.KafkaSettings;
import io.docstream.topics.Topics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The topic registry under the configured prefix. */
@Configuration(proxyBeanMethods = false)
class TopicsConfig {

    @Bean
    Topics topics(KafkaSettings kafka) {
        return Topics.withPrefix(kafka.topicPrefix());
    }
}
