package io.docstream.processor.streams;

import io.docstream.pipeline.GenerationWatcher;
import io.docstream.pipeline.PipelineGeneration;
import io.docstream.processor.KafkaSettings;
import io.docstream.processor.ProcessorSettings;
import io.docstream.processor.topology.RgaTopology;
import io.docstream.topics.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.common.utils.ThreadUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts and stops the {@link KafkaStreams} instance with the Spring context, binds its metrics to
 * Micrometer and exposes its state for the health indicator. A failed stream thread is replaced,
 * unless threads keep failing (more than {@value #MAX_REPLACEMENTS} in a minute): then the client
 * shuts down, health turns DOWN and the orchestrator restarts the instance.
 *
 * <p>It runs the Streams application of the pipeline generation that the {@code pipeline-control}
 * topic names (see {@link PipelineGeneration}): generation {@code g} reads {@code doc-ops-in} of
 * generation {@code g} under application id {@code <application-id>-g<g>} (generation 1: the plain
 * names). When an operator grows the partition count, the old generation's Streams client is closed
 * and leaves its group once its input is drained, and the new one starts once the tool has copied the
 * state; in between this instance runs none.
 */
public class StreamsRunner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StreamsRunner.class);
    private static final int MAX_REPLACEMENTS = 5;

    private final Topics topics;
    private final KafkaSettings kafka;
    private final ProcessorSettings settings;
    private final MeterRegistry registry;
    private final Deque<Long> failures = new ArrayDeque<>();
    private final ExecutorService reconciler =
            Executors.newSingleThreadExecutor(ThreadUtils.createThreadFactory("streams-generation-reconciler-%d", true));
    private GenerationWatcher watcher;
    private volatile boolean running;
    private volatile KafkaStreams streams;
    private volatile int generation;
    private KafkaStreamsMetrics metrics;

    public StreamsRunner(Topics topics, KafkaSettings kafka, ProcessorSettings settings, MeterRegistry registry) {
        this.topics = topics;
        this.kafka = kafka;
        this.settings = settings;
        this.registry = registry;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        watcher = new GenerationWatcher(kafka.bootstrapServers(), topics.pipelineControl(),
                settings.applicationId() + "-generation");
        watcher.start(Duration.ofSeconds(60));
        watcher.onChange(g -> reconciler.execute(this::reconcile));
        reconcile();
    }

    /** Runs the Streams client of the generation the control topic asks for, and no other. */
    private synchronized void reconcile() {
        if (!running) {
            return;
        }
        int wanted = watcher.current().processingGeneration();
        if (wanted == generation && (wanted == 0 || streams != null)) {
            return;
        }
        if (streams != null) {
            log.info("retiring pipeline generation {} (control topic: {})", generation, watcher.current());
            closeStreams(true);
        }
        generation = wanted;
        if (wanted > 0) {
            startStreams(wanted);
        } else {
            log.info("no generation to run while the operator migrates state ({})", watcher.current());
        }
    }

    private void startStreams(int g) {
        ProcessorSettings s = settings.withApplicationId(PipelineGeneration.applicationId(settings.applicationId(), g));
        Topics t = topics.forGeneration(g);
        KafkaStreams k = new KafkaStreams(RgaTopology.build(t, s), StreamsConfigFactory.build(kafka, s));
        k.setStateListener((now, before) -> log.info("Kafka Streams {} -> {}", before, now));
        k.setUncaughtExceptionHandler(e -> {
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
        metrics = new KafkaStreamsMetrics(k);
        metrics.bindTo(registry);
        log.info("starting Kafka Streams {} on {} (generation {}, input {}, state {})", s.applicationId(),
                kafka.bootstrapServers(), g, t.docOpsIn().name(), s.stateDir());
        k.start();
        streams = k;
    }

    /**
     * Closes the Streams client. A retired generation leaves its group at once, so that the
     * operator's tool sees the group empty (a plain restart stays in the group: its tasks wait for it
     * instead of moving).
     */
    private void closeStreams(boolean leaveGroup) {
        KafkaStreams k = streams;
        log.info("closing Kafka Streams (timeout {}, leave group {})", settings.closeTimeout(), leaveGroup);
        CloseOptions options = CloseOptions.timeout(settings.closeTimeout()).withGroupMembershipOperation(
                leaveGroup ? CloseOptions.GroupMembershipOperation.LEAVE_GROUP
                        : CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP);
        if (!k.close(options)) {
            log.warn("Kafka Streams did not close within {}", settings.closeTimeout());
        }
        metrics.close();
        streams = null;
    }

    @Override
    public void stop() {
        synchronized (this) {
            running = false;
            if (streams != null) {
                closeStreams(false);
            }
        }
        if (watcher != null) {
            watcher.close();
        }
        reconciler.shutdown();
        try {
            reconciler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** The current state, or {@code null} when no generation runs here. */
    public KafkaStreams.State state() {
        KafkaStreams s = streams;
        return s == null ? null : s.state();
    }

    /** The pipeline generation this instance runs (0: none, while state is being migrated). */
    public int generation() {
        return generation;
    }
}
