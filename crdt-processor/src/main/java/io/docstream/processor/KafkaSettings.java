package io.docstream.processor;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the Kafka cluster is ({@code docstream.kafka.*}), shared by the Streams app and the
 * fan-out relay.
 *
 * @param bootstrapServers {@code docstream.kafka.bootstrap-servers}, default {@code localhost:9092}
 * @param topicPrefix      {@code docstream.kafka.topic-prefix}, default {@code ""}: prepended to every
 *                         registry topic name (tests use a fresh prefix per class)
 */
@Validated
@ConfigurationProperties("docstream.kafka")
public record KafkaSettings(
        @NotBlank @DefaultValue(KafkaSettings.DEFAULT_BOOTSTRAP_SERVERS) String bootstrapServers,
        @NotNull @DefaultValue("") String topicPrefix) {

    public static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";

    public KafkaSettings {
        topicPrefix = topicPrefix == null ? "" : topicPrefix;
    }
}
