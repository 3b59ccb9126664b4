package io.docstream.gateway.edge;

import io.docstream.topics.Topics;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Kafka connection settings of the gateway, shared by every producer it runs (the document-event
 * outbox relay, the client-op producer of the WebSocket layer).
 *
 * @param bootstrapServers {@code docstream.kafka.bootstrap-servers}, default {@code localhost:9092}
 * @param topicPrefix      {@code docstream.kafka.topic-prefix}, default empty; every topic name of
 *                         the registry is put under it (tests use a fresh prefix)
 */
@Validated
@ConfigurationProperties("docstream.kafka")
public record KafkaSettings(
        @DefaultValue("localhost:9092") @NotBlank String bootstrapServers,
        @DefaultValue("") @NotNull String topicPrefix) {

    /** The topic registry under {@link #topicPrefix()}. */
    public Topics topics() {
        return Topics.withPrefix(topicPrefix);
    }
}
