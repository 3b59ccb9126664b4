package io.docstream.gateway.outbox;

import io.docstream.gateway.edge.KafkaSettings;
import io.docstream.protocol.DocumentEvent;
import io.docstream.protocol.Json;
import io.docstream.topics.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes unpublished {@code outbox} rows, in id order, to their topic ({@code doc-events}, key
 * docId) with an idempotent producer ({@code acks=all}), and marks a row published only after
 * Kafka acknowledged it. At-least-once: a crash after the send and before the mark re-sends the
 * row on the next run; consumers dedup by {@code eventId}.
 *
 * <p>One relay at a time across all gateway instances: each run holds a transaction-scoped
 * PostgreSQL advisory lock, so rows of one document are never published out of order by two
 * instances. (Rows of one document are written in commit order because document changes lock the
 * document row.) The relay thread runs when woken after a commit and every {@code poll-interval}.
 */
@Component
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    /** Key of the advisory lock that elects the one running relay ("outbox" in ASCII). */
    static final long LOCK_KEY = 0x6f7574626f78L;

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Producer<String, DocumentEvent> producer;
    private final Topic<String, DocumentEvent> docEvents;
    private final OutboxProperties properties;
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;
    private Instant lastCleanup = Instant.EPOCH;

    @Autowired
    public OutboxRelay(JdbcClient jdbc, PlatformTransactionManager txManager, KafkaSettings kafka, OutboxProperties properties) {
        this(jdbc, txManager, createProducer(kafka, properties), kafka, properties);
    }

    /** For tests: a relay over a given producer. */
    public OutboxRelay(JdbcClient jdbc, PlatformTransactionManager txManager, Producer<String, DocumentEvent> producer,
                       KafkaSettings kafka, OutboxProperties properties) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(txManager);
        this.producer = producer;
        this.docEvents = kafka.topics().docEvents();
        this.properties = properties;
    }

    static Producer<String, DocumentEvent> createProducer(KafkaSettings kafka, OutboxProperties properties) {
        Topic<String, DocumentEvent> topic = kafka.topics().docEvents();
        long timeoutMs = properties.sendTimeout().toMillis();
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.CLIENT_ID_CONFIG, "gateway-outbox-relay",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5,
                ProducerConfig.LINGER_MS_CONFIG, 1,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1000, timeoutMs / 2),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(2001, timeoutMs));
        return new KafkaProducer<>(config, topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    /** Asks the relay thread to run now (called after the commit of an outbox row). */
    public void wakeUp() {
        wake.release();
    }

    /**
     * Publishes every pending row (in batches) and returns how many were published; 0 when another
     * instance holds the relay lock. Rows are marked only after Kafka acknowledged them; on a send
     * failure the acknowledged prefix is marked and the rest left for the next run.
     */
    public int relayOnce() {
        int total = 0;
        while (true) {
            Integer n = tx.execute(status -> relayBatch());
            if (n == null || n <= 0) {
                return total;
            }
            total += n;
            if (n < properties.batchSize()) {
                return total;
            }
        }
    }

    private record Row(long id, String topic, String key, String payload) {}

    /** One batch in one transaction; returns rows published, or -1 when another relay runs. */
    private int relayBatch() {
        Boolean locked = jdbc.sql("SELECT pg_try_advisory_xact_lock(?)").param(LOCK_KEY).query(Boolean.class).single();
        if (!Boolean.TRUE.equals(locked)) {
            return -1;
        }
        List<Row> rows = jdbc.sql("""
                        SELECT id, topic, msg_key, payload::text FROM outbox
                         WHERE published_at IS NULL ORDER BY id LIMIT ?""")
                .param(properties.batchSize())
                .query((rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .list();
        if (rows.isEmpty()) {
            return 0;
        }
        List<Future<RecordMetadata>> sends = new ArrayList<>(rows.size());
        List<Long> acked = new ArrayList<>(rows.size());
        RuntimeException failure = null;
        try {
            for (Row row : rows) {
                DocumentEvent event = Json.MAPPER.readValue(row.payload(), DocumentEvent.class);
                sends.add(producer.send(new ProducerRecord<>(row.topic(), row.key(), event)));
            }
            producer.flush();
        } catch (RuntimeException e) {
            failure = e;
        }
        long deadline = System.nanoTime() + properties.sendTimeout().toNanos();
        for (int i = 0; i < sends.size(); i++) {
            try {
                sends.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                acked.add(rows.get(i).id());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException | TimeoutException e) {
                failure = new IllegalStateException("send of outbox row " + rows.get(i).id() + " failed", e);
                break;
            }
        }
        if (!acked.isEmpty()) {
            jdbc.sql("UPDATE outbox SET published_at = now() WHERE id = ANY (?::bigint[])")
                    .param(acked.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}")))
                    .update();
        }
        if (failure != null) {
            log.warn("outbox relay published {} of {} rows; the rest waits for the next run: {}",
                    acked.size(), rows.size(), failure.toString());
        } else {
            log.debug("outbox relay published {} rows", acked.size());
        }
        return failure != null ? -1 : acked.size();
    }

    /** Deletes published rows older than {@code retention}. */
    public int cleanup() {
        double secs = properties.retention().toMillis() / 1000.0;
        return jdbc.sql("DELETE FROM outbox WHERE published_at < now() - make_interval(secs => ?)").param(secs).update();
    }

    private void loop() {
        while (running) {
            try {
                wake.tryAcquire(properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
                if (!running) {
                    break;
                }
                relayOnce();
                if (Instant.now().isAfter(lastCleanup.plus(Duration.ofHours(1)))) {
                    lastCleanup = Instant.now();
                    int n = cleanup();
                    if (n > 0) {
                        log.info("outbox cleanup deleted {} published rows", n);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("outbox relay run failed; retrying in {}: {}", properties.pollInterval(), e.toString());
            }
        }
    }

    @Override
    public synchronized void start() {
        if (!properties.relayEnabled() || running) {
            return;
        }
        running = true;
        thread = new Thread(this::loop, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
        log.info("outbox relay started (topic {}, poll every {})", docEvents.name(), properties.pollInterval());
    }

    @Override
    public synchronized void stop() {
        Thread t = thread;
        running = false;
        thread = null;
        if (t != null) {
            wake.release();
            try {
                t.join(properties.sendTimeout().toMillis() + 5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        relayOnceQuietly();
    }

    /** Closes the producer (after {@link #stop()}, or when the relay thread never ran). */
    @PreDestroy
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    /** A last run at shutdown so that freshly committed rows do not wait for another instance. */
    private void relayOnceQuietly() {
        if (!properties.relayEnabled()) {
            return;
        }
        try {
            relayOnce();
        } catch (RuntimeException e) {
            log.warn("final outbox relay run failed: {}", e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the web server (which stops at a higher phase) so that last requests' rows go out. */
    @Override
    public int getPhase() {
        return 0;
    }
}
