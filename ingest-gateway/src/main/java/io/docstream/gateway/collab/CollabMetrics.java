package io.docstream.gateway.collab;

import io.docstream.protocol.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** Micrometer meters of the collaboration layer ({@code docstream.collab.*}). */
@Component
public class CollabMetrics {

    private final MeterRegistry registry;
    private final Counter opsIn;
    private final Counter delivered;
    private final Counter gapFilled;

    public CollabMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.opsIn = Counter.builder("docstream.collab.ops.received").description("client ops accepted for Kafka").register(registry);
        this.delivered = Counter.builder("docstream.collab.ops.delivered").description("op/ack messages sent to sockets").register(registry);
        this.gapFilled = Counter.builder("docstream.collab.ops.gapfilled").description("ops fetched from the log to fill gaps").register(registry);
    }

    void opReceived() {
        opsIn.increment();
    }

    void delivered(int n) {
        delivered.increment(n);
    }

    void gapFilled(int n) {
        gapFilled.increment(n);
    }

    void error(ErrorCode code) {
        registry.counter("docstream.collab.errors", "code", code.name()).increment();
    }
}
