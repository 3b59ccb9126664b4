package io.docstream.typeahead.config;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Kafka settings shared by the DocStream services ({@code docstream.kafka.*}).
 *
 * @param bootstrapServers the brokers; default {@code 127.0.0.1:9092}
 * @param topicPrefix      prefix of every topic name (empty in production, unique per test); default empty
 */
@Validated
@ConfigurationProperties("docstream.kafka")
public record DocstreamKafkaProperties(
        @DefaultValue("127.0.0.1:9092") @NotBlank String bootstrapServers,
        @DefaultValue("") @NotNull String topicPrefix) {}
