package io.docstream.processor.streams;

import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of the Streams client, part of the readiness group: UP only in RUNNING (all tasks
 * restored and processing); OUT_OF_SERVICE while created or rebalancing/restoring; DOWN once it
 * stops or fails.
 */
public class StreamsHealthIndicator implements HealthIndicator {

    private final StreamsRunner runner;

    public StreamsHealthIndicator(StreamsRunner runner) {
        this.runner = runner;
    }

    @Override
    public Health health() {
        KafkaStreams.State state = runner.state();
        if (state == null) {
            // not started yet, or no generation to run while an operator migrates state
            return Health.outOfService().withDetail("state", "NOT_STARTED")
                    .withDetail("generation", runner.generation()).build();
        }
        Status status = switch (state) {
            case RUNNING -> Status.UP;
            case CREATED, REBALANCING -> Status.OUT_OF_SERVICE;
            default -> Status.DOWN;
        };
        return Health.status(status).withDetail("state", state.name())
                .withDetail("generation", runner.generation()).build();
    }
}
