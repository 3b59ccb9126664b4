package io.docstream.projection.writer;

import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health {@code projectionConsumer}: UP while the consumer loop runs and its last batch committed;
 * DOWN when the loop stopped or batches keep rolling back (database unreachable...). Part of the
 * readiness group together with {@code db} (see application.yml).
 */
@Component("projectionConsumer")
public class ProjectionHealthIndicator implements HealthIndicator {

    private final OpsLogConsumer consumer;

    public ProjectionHealthIndicator(OpsLogConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public Health health() {
        OpsLogConsumer.Status s = consumer.status();
        Health.Builder b = s.running() && s.consecutiveFailures() == 0 ? Health.up() : Health.down();
        b.withDetail("running", s.running())
                .withDetail("assignedPartitions", s.assignedPartitions())
                .withDetail("consecutiveFailures", s.consecutiveFailures());
        if (s.lastPollAt() != null) {
            b.withDetail("lastPollAgoMs", Duration.between(s.lastPollAt(), Instant.now()).toMillis());
        }
        if (s.lastError() != null) {
            b.withDetail("lastError", s.lastError());
        }
        return b.build();
    }
}
