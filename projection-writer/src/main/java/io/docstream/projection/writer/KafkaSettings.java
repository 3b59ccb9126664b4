package io.docstream.projection.writer;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the DocStream topics live ({@code docstream.kafka.*}, the same keys in every service).
 *
 * @param bootstrapServers Kafka bootstrap servers (default {@code localhost:9092})
 * @param topicPrefix      prefix of every topic name (default empty), see {@code Topics.withPrefix}
 */
@Validated
@ConfigurationProperties("docstream.kafka")
public record KafkaSettings(
        @DefaultValue("localhost:9092") @NotBlank String bootstrapServers,
        @DefaultValue("") @NotNull String topicPrefix) {}
