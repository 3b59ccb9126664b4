package io.docstream.projection.writer;

import io.docstream.protocol.CanonicalOp;
import io.docstream.topics.Topic;
import io.docstream.topics.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Consumes {@code doc-ops} and projects it into PostgreSQL: each poll batch is written in ONE
 * database transaction (ops_log rows + due snapshots), and the batch's offsets are committed to
 * Kafka only AFTER that transaction committed. A crash in between replays the batch, which adds
 * no row ({@code ON CONFLICT DO NOTHING}) and skips ops already in the replicas: effectively once.
 *
 * <p>Why a plain {@link KafkaConsumer} loop in a {@link SmartLifecycle} rather than a spring-kafka
 * batch listener: the whole contract is "DB transaction, then offset commit, else seek back and
 * retry the same batch", and with a raw consumer that order is four visible lines instead of an
 * interplay of container ack modes, error handlers and transaction synchronisation. The loop also
 * reads values as raw bytes so that the stored payload is exactly the published JSON and a poison
 * record is skipped with an error instead of wedging the container's deserializer.
 *
 * <p>Consumer settings: {@code isolation.level=read_committed} (only ops of committed processor
 * transactions), {@code enable.auto.commit=false}, {@code auto.offset.reset=earliest}.
 */
@Component
public class OpsLogConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OpsLogConsumer.class);

    private final ProjectionSettings settings;
    private final KafkaSettings kafka;
    private final Topic<String, CanonicalOp> topic;
    private final OpsLogWriter writer;
    private final SnapshotProjector projector;
    private final TransactionTemplate tx;
    private final ProjectionMetrics metrics;
    private final MeterRegistry registry;
    private final Deserializer<CanonicalOp> valueDeserializer;
    private final ApplicationEventPublisher events;

    private volatile boolean running;
    private volatile Thread thread;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Instant lastPollAt;
    private volatile int consecutiveFailures;
    private volatile String lastError;
    private volatile Set<TopicPartition> assignment = Set.of();

    public OpsLogConsumer(ProjectionSettings settings, KafkaSettings kafka, OpsLogWriter writer,
                          SnapshotProjector projector, TransactionTemplate tx, ProjectionMetrics metrics,
                          MeterRegistry registry, ApplicationEventPublisher events) {
        this.settings = settings;
        this.kafka = kafka;
        this.topic = Topics.withPrefix(kafka.topicPrefix()).docOps();
        this.writer = writer;
        this.projector = projector;
        this.tx = tx;
        this.metrics = metrics;
        this.registry = registry;
        this.valueDeserializer = topic.valueSerde().deserializer();
        this.events = events;
    }

    Map<String, Object> consumerConfig() {
        Map<String, Object> props = new HashMap<>(settings.consumer());
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "projection-writer-" + UUID.randomUUID().toString().substring(0, 8));
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxBatchSize());
        return props;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        consumer = new KafkaConsumer<>(consumerConfig(), new StringDeserializer(), new ByteArrayDeserializer());
        running = true;
        Thread t = new Thread(this::run, "projection-writer");
        thread = t;
        t.start();
        log.info("projection writer consuming {} as group {} (snapshot every {} ops)",
                topic.name(), settings.groupId(), settings.snapshotEvery());
    }

    @Override
    public void stop() {
        Thread t;
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
            t = thread;
        }
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        KafkaConsumer<String, byte[]> c = consumer;
        try (KafkaClientMetrics kafkaMetrics = new KafkaClientMetrics(c)) {
            kafkaMetrics.bindTo(registry);
            c.subscribe(Set.of(topic.name()), new Rebalance());
            while (running) {
                ConsumerRecords<String, byte[]> records = c.poll(settings.pollTimeout());
                lastPollAt = Instant.now();
                updateLag(c);
                if (records.isEmpty()) {
                    continue;
                }
                if (handle(records)) {
                    commit(c, records);
                } else {
                    seekBack(c, records);
                    backOff();
                }
            }
        } catch (WakeupException e) {
            if (running) {
                log.error("projection writer woken up unexpectedly", e);
            }
        } catch (RuntimeException e) {
            lastError = e.toString();
            log.error("projection writer stopped by an unexpected error", e);
            if (events != null) {
                // the loop is gone for good: let the liveness probe restart the instance
                AvailabilityChangeEvent.publish(events, this, LivenessState.BROKEN);
            }
        } finally {
            running = false;
            try {
                c.close(Duration.ofSeconds(10));
            } catch (RuntimeException e) {
                log.warn("closing the doc-ops consumer failed", e);
            }
            log.info("projection writer stopped");
        }
    }

    /** Writes one batch in one transaction; false when it rolled back (retried after a pause). */
    private boolean handle(ConsumerRecords<String, byte[]> records) {
        OpsBatch batch = OpsBatch.of(records, valueDeserializer);
        for (OpsBatch.Rejected r : batch.rejected()) {
            log.error("skipping doc-ops record {}@{}: {}", r.partition(), r.offset(), r.reason());
        }
        long started = System.nanoTime();
        try {
            int[] result = tx.execute(status -> {
                int added = writer.append(batch.ops());
                int snapshots = projector.project(batch.byDocument());
                return new int[] {added, snapshots};
            });
            metrics.batchDuration.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            int added = result[0];
            metrics.batches.increment();
            metrics.batchSize.record(records.count());
            metrics.opsWritten.increment(added);
            metrics.opsDuplicate.increment(batch.ops().size() - added + batch.duplicatesInBatch());
            metrics.recordsRejected.increment(batch.rejected().size());
            metrics.opsSanitized.increment(batch.sanitized());
            log.debug("batch of {} records: {} rows added, {} snapshots", records.count(), added, result[1]);
            consecutiveFailures = 0;
            lastError = null;
            return true;
        } catch (RuntimeException e) {
            // the replicas advanced inside the rolled-back transaction: rebuild them from the database
            projector.invalidate(batch.byDocument().keySet());
            metrics.batchFailures.increment();
            consecutiveFailures++;
            lastError = e.toString();
            log.error("batch of {} records rolled back (failure #{}), retrying", records.count(), consecutiveFailures, e);
            return false;
        }
    }

    private void commit(KafkaConsumer<String, byte[]> c, ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            var list = records.records(tp);
            offsets.put(tp, new OffsetAndMetadata(list.get(list.size() - 1).offset() + 1));
        }
        try {
            c.commitSync(offsets);
        } catch (CommitFailedException e) {
            // the partitions moved to another instance: it re-reads the batch, which is idempotent
            log.warn("offset commit failed after the database commit (rebalance); the batch will be replayed", e);
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            // the rows are committed; a later commit covers these offsets, or a restart replays them harmlessly
            log.warn("offset commit failed after the database commit: {}", e.toString());
        }
    }

    private void seekBack(KafkaConsumer<String, byte[]> c, ConsumerRecords<String, byte[]> records) {
        for (TopicPartition tp : records.partitions()) {
            ConsumerRecord<String, byte[]> first = records.records(tp).get(0);
            c.seek(tp, first.offset());
        }
    }

    private void backOff() {
        long base = settings.retryBackoff().toMillis();
        int shift = Math.min(consecutiveFailures - 1, 20);
        long pause = Math.min(settings.maxRetryBackoff().toMillis(), base << shift);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pause);
        while (running && System.nanoTime() < deadline) {
            LockSupport.parkNanos(deadline - System.nanoTime());
        }
    }

    private void updateLag(KafkaConsumer<String, byte[]> c) {
        long total = 0;
        for (TopicPartition tp : c.assignment()) {
            OptionalLong lag = c.currentLag(tp);
            if (lag.isPresent()) {
                total += lag.getAsLong();
            }
        }
        metrics.lag(total);
    }

    /** State for the health indicator. */
    public Status status() {
        return new Status(running, lastPollAt, consecutiveFailures, lastError, assignment.size());
    }

    public record Status(boolean running, Instant lastPollAt, int consecutiveFailures, String lastError,
                         int assignedPartitions) {}

    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // offsets are committed synchronously after every batch: nothing pending. Replicas of
            // documents on other partitions stay valid; a stale one is detected by its seq gap.
            updateAssignment();
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            updateAssignment();
            log.info("assigned {}", partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            updateAssignment();
            log.warn("lost {}", partitions);
        }

        private void updateAssignment() {
            KafkaConsumer<String, byte[]> c = consumer;
            assignment = c == null ? Set.of() : new HashSet<>(c.assignment());
        }
    }
}
