package io.docstream.pipeline;

import io.docstream.topics.Topic;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the {@code pipeline-control} topic and tells its listeners when the live
 * {@link PipelineGeneration} changes. Used by the gateways (which input topic to produce to) and by
 * the processors (which Streams application to run).
 *
 * <p>{@link #start(Duration)} blocks until the topic has been read to its end (or found missing:
 * then the deployment has never grown and generation 1 is live), so a service never starts on a
 * stale generation. Afterwards one daemon thread polls the topic (no consumer group: the one
 * partition is assigned, not subscribed) and calls listeners on that thread, in order; listeners
 * must hand slow work off.
 */
public final class GenerationWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GenerationWatcher.class);

    private final Topic<String, PipelineGeneration> topic;
    private final KafkaConsumer<String, PipelineGeneration> consumer;
    private final List<Consumer<PipelineGeneration>> listeners = new CopyOnWriteArrayList<>();
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Duration missingTopicRetry;
    private volatile PipelineGeneration current = PipelineGeneration.initial(0);
    private volatile boolean running = true;
    private Thread thread;

    public GenerationWatcher(String bootstrapServers, Topic<String, PipelineGeneration> topic, String clientId) {
        this(bootstrapServers, topic, clientId, Duration.ofSeconds(2));
    }

    GenerationWatcher(String bootstrapServers, Topic<String, PipelineGeneration> topic, String clientId,
                      Duration missingTopicRetry) {
        this.topic = topic;
        this.missingTopicRetry = missingTopicRetry;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(p, topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    }

    /** Adds a listener, called with every later change (not with the current value). */
    public void onChange(Consumer<PipelineGeneration> listener) {
        listeners.add(listener);
    }

    /** The live generation as last read. */
    public PipelineGeneration current() {
        return current;
    }

    /**
     * Starts following the topic and waits until its existing records have been read.
     *
     * @throws IllegalStateException when the topic cannot be read within {@code timeout}
     */
    public void start(Duration timeout) {
        thread = new Thread(this::run, "pipeline-generation-watcher");
        thread.setDaemon(true);
        thread.start();
        try {
            if (!caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("could not read " + topic.name() + " within " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + topic.name(), e);
        }
        log.info("pipeline generation {}", current);
    }

    private void run() {
        try {
            TopicPartition tp = new TopicPartition(topic.name(), 0);
            while (running && consumer.partitionsFor(topic.name(), Duration.ofSeconds(10)).isEmpty()) {
                caughtUp.countDown(); // never grown: generation 1
                Thread.sleep(missingTopicRetry.toMillis());
            }
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            while (running) {
                for (ConsumerRecord<String, PipelineGeneration> r : consumer.poll(Duration.ofMillis(200))) {
                    if (PipelineGeneration.KEY.equals(r.key()) && r.value() != null) {
                        update(r.value());
                    }
                }
                if (consumer.position(tp) >= end) {
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("pipeline generation watcher stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void update(PipelineGeneration next) {
        PipelineGeneration before = current;
        current = next;
        if (!next.equals(before) && caughtUp.getCount() == 0) {
            log.info("pipeline generation {} -> {}", before, next);
            for (Consumer<PipelineGeneration> l : listeners) {
                try {
                    l.accept(next);
                } catch (RuntimeException e) {
                    log.error("pipeline generation listener failed on {}", next, e);
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
