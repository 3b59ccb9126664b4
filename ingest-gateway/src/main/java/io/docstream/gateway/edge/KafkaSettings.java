package io.docstream.gateway.edge;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Kafka connection of the gateway.
 *
 * @param bootstrapServers {@code docstream.kafka.bootstrap-servers}, default {@code localhost:9092}
 * @param topicPrefix      {@code docstream.kafka.topic-prefix}, default empty (tests use a fresh prefix)
 */
@Validated
@ConfigurationProperties("docstream.kafka")
public record KafkaSettings(
        @NotBlank @DefaultValue("localhost:9092") String bootstrapServers,
        @NotNull @DefaultValue("") String topicPrefix) {}
