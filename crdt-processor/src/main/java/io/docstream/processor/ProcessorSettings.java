package io.docstream.processor;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the crdt-processor Kafka Streams app ({@code docstream.processor.*}). Every value has
 * a documented default; {@link #defaults()} gives them all for programmatic use (tests, launcher).
 *
 * @param applicationId        {@code application-id}, default {@code docstream-crdt-processor}: the
 *                             Streams application id (consumer group, transactional ids, internal
 *                             topic prefix). Every instance of one deployment uses the same id.
 * @param stateDir             {@code state-dir}, default {@code ${java.io.tmpdir}/docstream-streams}:
 *                             RocksDB state of this instance; two instances on one machine need two
 *                             directories. Wiping it is safe (restored from the changelogs), only slow.
 * @param numStreamThreads     {@code num-stream-threads}, default 1.
 * @param commitIntervalMs     {@code commit-interval-ms}, default 20. Under exactly-once the output
 *                             of a task becomes visible to {@code read_committed} consumers (the
 *                             fan-out relay, the projection writer) only when its transaction commits,
 *                             i.e. at most every commit interval. Streams' EOS default is 100 ms,
 *                             which alone would put 50 ms on average and 100 ms at worst on every
 *                             keystroke before another user can see it. 20 ms keeps that part of the
 *                             latency a small fraction of a frame-perceptible delay while still batching
 *                             a burst of keystrokes into one transaction (a commit costs a few broker
 *                             round trips, so a busy instance commits ≤ 50 times a second per thread,
 *                             not once per op). Lower it for latency, raise it for throughput.
 * @param pollMs               {@code poll-ms}, default 10: how long a stream thread blocks in poll when
 *                             there is no input. A due commit is only checked between polls, so this
 *                             must be well below the commit interval (Streams' default 100 ms would
 *                             delay commits, and so visibility, by up to 100 ms).
 * @param replicationFactor    {@code replication-factor}, default 1 (one local broker): replication of
 *                             the internal changelog topics; 3 in production ({@code -1} = broker
 *                             default).
 * @param snapshotEvery        {@code snapshot-every}, default 100: minimum ops between two RGA
 *                             snapshots of a document in the {@code rga-snapshots} store. The actual
 *                             interval grows with the snapshot size (see {@code snapshotBytesPerOp}) so
 *                             that the amortised snapshot cost per op does not grow with the document.
 * @param snapshotBytesPerOp   {@code snapshot-bytes-per-op}, default 8: a new snapshot is taken after
 *                             {@code max(snapshotEvery, lastSnapshotBytes / snapshotBytesPerOp)} ops.
 * @param replicaCacheSize     {@code replica-cache-size}, default 1000: in-memory RGA replicas kept per
 *                             stream task (LRU); an evicted document is rebuilt from snapshot + tail.
 * @param maxInsertCodePoints  {@code max-insert-code-points}, default 16384: longest accepted insert.
 * @param maxDeleteRanges      {@code max-delete-ranges}, default 1024: most id ranges in one delete.
 * @param maxDeleteIds         {@code max-delete-ids}, default 1000000: most ids one delete may name.
 * @param maxDocumentCodePoints {@code max-document-code-points}, default 2000000 (about a 1,000-page
 *                             book): an insert that would make the visible text longer is rejected
 *                             with {@code DOCUMENT_TOO_LARGE}; deletes are always accepted.
 * @param closeTimeout         {@code close-timeout}, default 15s: graceful shutdown budget of Streams.
 * @param sessionTimeout       {@code session-timeout}, default 10s: how long the group waits for a
 *                             silent (crashed) instance before moving its tasks. Its documents are
 *                             frozen meanwhile, so Kafka's 45 s default is far too long for live
 *                             editing; heartbeats go every third of it.
 * @param overrides            {@code overrides.*}, default none: raw Kafka Streams/client properties
 *                             applied last (e.g. {@code overrides[producer.transaction.timeout.ms]=5000}).
 */
@Validated
@ConfigurationProperties("docstream.processor")
public record ProcessorSettings(
        @NotBlank @DefaultValue(DEFAULT_APPLICATION_ID) String applicationId,
        Path stateDir,
        @Min(1) @Max(64) @DefaultValue("1") int numStreamThreads,
        @Min(1) @DefaultValue("20") long commitIntervalMs,
        @Min(1) @DefaultValue("10") long pollMs,
        @Min(-1) @DefaultValue("1") int replicationFactor,
        @Min(1) @DefaultValue("100") int snapshotEvery,
        @Min(1) @DefaultValue("8") int snapshotBytesPerOp,
        @Min(1) @DefaultValue("1000") int replicaCacheSize,
        @Min(1) @DefaultValue("16384") int maxInsertCodePoints,
        @Min(1) @DefaultValue("1024") int maxDeleteRanges,
        @Min(1) @DefaultValue("1000000") long maxDeleteIds,
        @Min(1) @DefaultValue("2000000") int maxDocumentCodePoints,
        @NotNull @DefaultValue("15s") Duration closeTimeout,
        @NotNull @DefaultValue("10s") Duration sessionTimeout,
        Map<String, String> overrides) {

    public static final String DEFAULT_APPLICATION_ID = "docstream-crdt-processor";

    public ProcessorSettings {
        if (stateDir == null) {
            stateDir = Path.of(System.getProperty("java.io.tmpdir"), "docstream-streams");
        }
        if (closeTimeout == null) {
            closeTimeout = Duration.ofSeconds(15);
        }
        if (sessionTimeout == null) {
            sessionTimeout = Duration.ofSeconds(10);
        }
        overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
    }

    /** The documented defaults. */
    public static ProcessorSettings defaults() {
        return new ProcessorSettings(DEFAULT_APPLICATION_ID, null, 1, 20, 10, 1, 100, 8, 1000, 16_384, 1024,
                1_000_000, 2_000_000, Duration.ofSeconds(15), Duration.ofSeconds(10), Map.of());
    }

    public ProcessorSettings withApplicationId(String id) {
        return new ProcessorSettings(id, stateDir, numStreamThreads, commitIntervalMs, pollMs, replicationFactor,
                snapshotEvery, snapshotBytesPerOp, replicaCacheSize, maxInsertCodePoints, maxDeleteRanges,
                maxDeleteIds, maxDocumentCodePoints, closeTimeout, sessionTimeout, overrides);
    }

    public ProcessorSettings withStateDir(Path dir) {
        return new ProcessorSettings(applicationId, dir, numStreamThreads, commitIntervalMs, pollMs, replicationFactor,
                snapshotEvery, snapshotBytesPerOp, replicaCacheSize, maxInsertCodePoints, maxDeleteRanges,
                maxDeleteIds, maxDocumentCodePoints, closeTimeout, sessionTimeout, overrides);
    }

    /** Same settings plus raw Kafka properties applied last. */
    public ProcessorSettings withOverrides(Map<String, String> more) {
        Map<String, String> all = new java.util.HashMap<>(overrides);
        all.putAll(more);
        return new ProcessorSettings(applicationId, stateDir, numStreamThreads, commitIntervalMs, pollMs,
                replicationFactor, snapshotEvery, snapshotBytesPerOp, replicaCacheSize, maxInsertCodePoints,
                maxDeleteRanges, maxDeleteIds, maxDocumentCodePoints, closeTimeout, sessionTimeout, all);
    }

    /** Same settings with another document size cap (tests). */
    public ProcessorSettings withMaxDocumentCodePoints(int max) {
        return new ProcessorSettings(applicationId, stateDir, numStreamThreads, commitIntervalMs, pollMs,
                replicationFactor, snapshotEvery, snapshotBytesPerOp, replicaCacheSize, maxInsertCodePoints,
                maxDeleteRanges, maxDeleteIds, max, closeTimeout, sessionTimeout, overrides);
    }

    /** Same settings with another snapshot policy and replica cache size (tests force rebuilds). */
    public ProcessorSettings withSnapshots(int every, int bytesPerOp, int cacheSize) {
        return new ProcessorSettings(applicationId, stateDir, numStreamThreads, commitIntervalMs, pollMs,
                replicationFactor, every, bytesPerOp, cacheSize, maxInsertCodePoints, maxDeleteRanges,
                maxDeleteIds, maxDocumentCodePoints, closeTimeout, sessionTimeout, overrides);
    }
}
