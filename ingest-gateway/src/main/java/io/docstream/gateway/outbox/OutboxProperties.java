package io.docstream.gateway.outbox;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The document-event outbox relay.
 *
 * @param relayEnabled {@code docstream.outbox.relay-enabled}: run the relay thread, default true
 *                     (rows are always written; only the publishing is switched off)
 * @param pollInterval {@code poll-interval}: how often the relay looks for rows it was not woken
 *                     for (e.g. written by an instance that died before publishing), default 1s
 * @param batchSize    {@code batch-size}: rows per relay transaction, default 500
 * @param sendTimeout  {@code send-timeout}: how long to wait for Kafka to acknowledge a batch
 *                     (also the producer's {@code max.block.ms}), default 10s
 * @param retention    {@code retention}: published rows are deleted after this, default 7d
 */
@Validated
@ConfigurationProperties("docstream.outbox")
public record OutboxProperties(
        @DefaultValue("true") boolean relayEnabled,
        @DefaultValue("1s") @NotNull Duration pollInterval,
        @DefaultValue("500") @Min(1) @Max(10_000) int batchSize,
        @DefaultValue("10s") @NotNull Duration sendTimeout,
        @DefaultValue("7d") @NotNull Duration retention) {}
