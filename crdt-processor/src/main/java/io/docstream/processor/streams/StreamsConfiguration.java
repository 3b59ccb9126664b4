package io.docstream.processor.streams;

import io.docstream.processor.KafkaSettings;
import io.docstream.processor.ProcessorSettings;
import io.docstream.topics.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the topic registry, the Streams runner and its health indicator. */
@Configuration(proxyBeanMethods = false)
public class StreamsConfiguration {

    @Bean
    Topics topics(KafkaSettings kafka) {
        return Topics.withPrefix(kafka.topicPrefix());
    }

    @Bean
    StreamsRunner streamsRunner(Topics topics, KafkaSettings kafka, ProcessorSettings settings, MeterRegistry registry) {
        return new StreamsRunner(topics, kafka, settings, registry);
    }

    /** Contributor name {@code kafkaStreams} (in the readiness group, see application.yml). */
    @Bean
    StreamsHealthIndicator kafkaStreamsHealthIndicator(StreamsRunner runner) {
        return new StreamsHealthIndicator(runner);
    }
}
