package io.docstream.projection.writer;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the projection writer ({@code docstream.projection.*}).
 *
 * @param groupId            Kafka consumer group of the writer (default {@code docstream-projection}).
 *                           Every instance of the writer uses the same group; a new group re-reads
 *                           {@code doc-ops} from the beginning, which is harmless (idempotent inserts).
 * @param snapshotEvery      a snapshot of a document is written whenever its {@code seq} reaches a
 *                           multiple of this number (default 100)
 * @param maxBatchSize       most records per poll, i.e. per database transaction
 *                           ({@code max.poll.records}, default 500)
 * @param pollTimeout        how long one poll waits for records (default 500ms)
 * @param maxCachedDocuments bound of the in-memory LRU of RGA replicas used to build snapshots
 *                           (default 10000 documents); an evicted replica is rebuilt lazily
 *                           from the latest snapshot plus the ops_log tail
 * @param retryBackoff       first pause after a failed batch (database down...); doubles on each
 *                           consecutive failure up to {@code maxRetryBackoff} (defaults 1s and 30s)
 * @param maxRetryBackoff    longest pause between retries of a failed batch
 * @param consumer           extra Kafka consumer properties (e.g. security settings); the writer's
 *                           own settings (group, isolation level, offsets, deserializers) win
 */
@Validated
@ConfigurationProperties("docstream.projection")
public record ProjectionSettings(
        @DefaultValue("docstream-projection") @NotBlank String groupId,
        @DefaultValue("100") @Min(1) int snapshotEvery,
        @DefaultValue("500") @Min(1) @Max(100_000) int maxBatchSize,
        @DefaultValue("500ms") @NotNull Duration pollTimeout,
        @DefaultValue("10000") @Min(1) int maxCachedDocuments,
        @DefaultValue("1s") @NotNull Duration retryBackoff,
        @DefaultValue("30s") @NotNull Duration maxRetryBackoff,
        Map<String, String> consumer) {

    public ProjectionSettings {
        consumer = consumer == null ? Map.of() : Map.copyOf(consumer);
    }
}
