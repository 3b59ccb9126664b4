package io.docstream.projection.writer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/** The writer's Micrometer meters (exposed on {@code /actuator/prometheus}). */
@Component
public class ProjectionMetrics {

    final Counter opsWritten;
    final Counter opsDuplicate;
    final Counter batches;
    final Counter batchFailures;
    final DistributionSummary batchSize;
    final Timer batchDuration;
    final Counter snapshotsWritten;
    final Counter applyFailures;
    final Counter recordsRejected;
    final Counter opsSanitized;
    private final AtomicLong lag = new AtomicLong();

    public ProjectionMetrics(MeterRegistry registry) {
        opsWritten = Counter.builder("docstream.projection.ops.written")
                .description("rows added to ops_log").register(registry);
        opsDuplicate = Counter.builder("docstream.projection.ops.duplicate")
                .description("canonical ops already in ops_log (replayed records)").register(registry);
        batches = Counter.builder("docstream.projection.batches")
                .description("poll batches committed (one database transaction each)").register(registry);
        batchFailures = Counter.builder("docstream.projection.batch.failures")
                .description("batches rolled back and retried").register(registry);
        batchSize = DistributionSummary.builder("docstream.projection.batch.size")
                .description("records per committed batch").baseUnit("records")
                .publishPercentileHistogram().register(registry);
        batchDuration = Timer.builder("docstream.projection.batch.duration")
                .description("database transaction time per batch").publishPercentileHistogram().register(registry);
        snapshotsWritten = Counter.builder("docstream.projection.snapshots.written")
                .description("document snapshots written").register(registry);
        applyFailures = Counter.builder("docstream.projection.apply.failures")
                .description("canonical ops the snapshot replica could not apply (replica dropped)").register(registry);
        recordsRejected = Counter.builder("docstream.projection.records.rejected")
                .description("doc-ops records skipped as malformed").register(registry);
        opsSanitized = Counter.builder("docstream.projection.ops.sanitized")
                .description("ops whose U+0000 characters were stored as U+FFFD").register(registry);
        Gauge.builder("docstream.projection.lag", lag, AtomicLong::get)
                .description("records behind the end of doc-ops on the assigned partitions (last poll)")
                .baseUnit("records").register(registry);
    }

    void lag(long records) {
        lag.set(records);
    }

    public double opsWritten() {
        return opsWritten.count();
    }

    public double opsDuplicate() {
        return opsDuplicate.count();
    }

    public double batchFailures() {
        return batchFailures.count();
    }

    public double snapshotsWritten() {
        return snapshotsWritten.count();
    }

    public double applyFailures() {
        return applyFailures.count();
    }

    public double recordsRejected() {
        return recordsRejected.count();
    }
}
