package io.docstream.typeahead.ingest;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of the index projection: DOWN if the ingest thread stopped, OUT_OF_SERVICE until it has
 * caught up with the topics as of start-up (answers would be incomplete), UP afterwards.
 */
public final class IngestHealth implements HealthIndicator {

    private final IndexIngestor ingestor;

    public IngestHealth(IndexIngestor ingestor) {
        this.ingestor = ingestor;
    }

    @Override
    public Health health() {
        Health.Builder b = !ingestor.running() ? Health.down()
                : ingestor.caughtUp() ? Health.up() : Health.outOfService();
        return b.withDetail("recordsConsumed", ingestor.recordsConsumed())
                .withDetail("checkpointsWritten", ingestor.checkpointsWritten())
                .withDetail("positions", ingestor.positions())
                .build();
    }
}
