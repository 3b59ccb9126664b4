package io.docstream.processor.streams;

import io.docstream.processor.KafkaSettings;
import io.docstream.processor.ProcessorSettings;
import io.docstream.processor.topology.RgaTopology;
import io.docstream.topics.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts and stops the {@link KafkaStreams} instance with the Spring context, binds its metrics to
 * Micrometer and exposes its state for the health indicator. A failed stream thread is replaced,
 * unless threads keep failing (more than {@value #MAX_REPLACEMENTS} in a minute): then the client
 * shuts down, health turns DOWN and the orchestrator restarts the instance.
 */
public class StreamsRunner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StreamsRunner.class);
    private static final int MAX_REPLACEMENTS = 5;

    private final Topics topics;
    private final KafkaSettings kafka;
    private final ProcessorSettings settings;
    private final MeterRegistry registry;
    private final Deque<Long> failures = new ArrayDeque<>();
    private volatile KafkaStreams streams;
    private KafkaStreamsMetrics metrics;

    public StreamsRunner(Topics topics, KafkaSettings kafka, ProcessorSettings settings, MeterRegistry registry) {
        this.topics = topics;
        this.kafka = kafka;
        this.settings = settings;
        this.registry = registry;
    }

    @Override
    public synchronized void start() {
        if (streams != null) {
            return;
        }
        KafkaStreams s = new KafkaStreams(RgaTopology.build(topics, settings), StreamsConfigFactory.build(kafka, settings));
        s.setStateListener((now, before) -> log.info("Kafka Streams {} -> {}", before, now));
        s.setUncaughtExceptionHandler(e -> {
            synchronized (failures) {
                long now = System.nanoTime();
                failures.addLast(now);
                while (!failures.isEmpty() && now - failures.peekFirst() > 60_000_000_000L) {
                    failures.removeFirst();
                }
                if (failures.size() > MAX_REPLACEMENTS) {
                    log.error("stream threads keep failing; shutting the Streams client down", e);
                    return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
                }
            }
            log.error("stream thread failed; replacing it", e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        metrics = new KafkaStreamsMetrics(s);
        metrics.bindTo(registry);
        log.info("starting Kafka Streams {} on {} (input {}, state {})", settings.applicationId(),
                kafka.bootstrapServers(), topics.docOpsIn().name(), settings.stateDir());
        s.start();
        streams = s;
    }

    @Override
    public synchronized void stop() {
        KafkaStreams s = streams;
        if (s == null) {
            return;
        }
        log.info("closing Kafka Streams (timeout {})", settings.closeTimeout());
        if (!s.close(settings.closeTimeout())) {
            log.warn("Kafka Streams did not close within {}", settings.closeTimeout());
        }
        metrics.close();
        streams = null;
    }

    @Override
    public boolean isRunning() {
        return streams != null;
    }

    /** The current state, or {@code null} when not started. */
    public KafkaStreams.State state() {
        KafkaStreams s = streams;
        return s == null ? null : s.state();
    }
}
