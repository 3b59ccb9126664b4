package io.docstream.typeahead.ingest;

import io.docstream.protocol.CanonicalOp;
import io.docstream.protocol.DocumentEvent;
import io.docstream.protocol.MentionSelection;
import io.docstream.topics.Topics;
import io.docstream.typeahead.checkpoint.Checkpoint;
import io.docstream.typeahead.checkpoint.CheckpointStore;
import io.docstream.typeahead.mentions.MentionIndexes;
import io.docstream.typeahead.mentions.SelectionCounts;
import io.docstream.typeahead.titles.TitleIndex;
import io.docstream.typeahead.words.WordIndex;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of every index: consumes doc-events, doc-ops (read_committed) and
 * mention-selections from the positions of the latest checkpoint, applies each record, and
 * periodically writes a new checkpoint from this same thread, so the snapshot and its offsets
 * are always consistent. Every instance reads every partition (manual assignment, no group):
 * each indexer holds the whole projection.
 */
public final class IndexIngestor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IndexIngestor.class);

    /** Everything the ingestor writes to. */
    public record Indexes(TitleIndex titles, WordIndex words, SelectionCounts selections, MentionIndexes mentions) {}

    private final String bootstrapServers;
    private final Topics topics;
    private final Indexes idx;
    private final CheckpointStore store;
    private final Duration checkpointInterval;
    private final IndexWrites writes;
    private final AtomicLong consumed = new AtomicLong();
    private final AtomicLong checkpoints = new AtomicLong();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Deserializer<DocumentEvent> events;
    private final Deserializer<CanonicalOp> ops;
    private final Deserializer<MentionSelection> selections;
    private volatile boolean running;
    private volatile boolean skipFinalCheckpoint;
    private volatile boolean caughtUp;
    private volatile Map<TopicPartition, Long> endAtStart = Map.of();
    private volatile Map<String, Long> positions = Map.of();
    /** Positions covered by the last checkpoint written or restored. */
    private Map<String, Long> checkpointed = Map.of();
    private KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    public IndexIngestor(String bootstrapServers, Topics topics, Indexes indexes, CheckpointStore store,
                         Duration checkpointInterval, IndexWrites writes) {
        this.bootstrapServers = bootstrapServers;
        this.topics = topics;
        this.idx = indexes;
        this.store = store;
        this.checkpointInterval = checkpointInterval;
        this.writes = writes;
        this.events = topics.docEvents().valueSerde().deserializer();
        this.ops = topics.docOps().valueSerde().deserializer();
        this.selections = topics.mentionSelections().valueSerde().deserializer();
    }

    /** Restores the latest checkpoint, seeks to its offsets and starts the consuming thread. */
    public synchronized void start() {
        if (running) {
            return;
        }
        Optional<Checkpoint> cp = store.read();
        cp.ifPresent(c -> {
            idx.titles().restore(c.titles());
            idx.selections().restore(c.selections());
            idx.words().restore(c.texts());
            log.info("restored checkpoint of {}: {} titles, {} selection counts, {} documents' words",
                    java.time.Instant.ofEpochMilli(c.createdAt()), c.titles().size(), c.selections().size(), c.texts().size());
        });
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "typeahead-indexer-" + ProcessHandle.current().pid());
        consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        try {
            assignAndSeek(cp);
        } catch (RuntimeException e) {
            consumer.close(Duration.ofSeconds(5));
            throw e;
        }
        running = true;
        thread = new Thread(this::run, "typeahead-ingest");
        thread.setDaemon(true);
        thread.start();
    }

    private void assignAndSeek(Optional<Checkpoint> cp) {
        List<TopicPartition> parts = new ArrayList<>();
        for (String t : List.of(topics.docEvents().name(), topics.docOps().name(), topics.mentionSelections().name())) {
            for (PartitionInfo p : consumer.partitionsFor(t, Duration.ofSeconds(30))) {
                parts.add(new TopicPartition(t, p.partition()));
            }
        }
        consumer.assign(parts);
        Map<String, Long> offsets = cp.map(Checkpoint::offsets).orElse(Map.of());
        checkpointed = Map.copyOf(offsets);
        for (TopicPartition tp : parts) {
            Long off = offsets.get(Checkpoint.key(tp.topic(), tp.partition()));
            if (off != null) {
                consumer.seek(tp, off);
            } else {
                consumer.seekToBeginning(List.of(tp));
            }
        }
        endAtStart = consumer.endOffsets(parts);
    }

    private void run() {
        try {
            try {
                pollLoop();
            } catch (WakeupException e) {
                // stopping: positions are those of the last applied poll
            }
            if (!skipFinalCheckpoint) {
                checkpointNow(positions);
            }
        } catch (RuntimeException e) {
            log.error("typeahead ingest stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
            running = false;
            stopped.countDown();
        }
    }

    private void pollLoop() {
        long lastCheckpoint = System.nanoTime();
        while (running) {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
            applyAll(records);
            Map<String, Long> pos = new HashMap<>();
            for (TopicPartition tp : consumer.assignment()) {
                pos.put(Checkpoint.key(tp.topic(), tp.partition()), consumer.position(tp));
            }
            positions = pos;
            if (!caughtUp && reached(pos)) {
                caughtUp = true;
                log.info("typeahead indexes caught up ({} records consumed)", consumed.get());
            }
            if (System.nanoTime() - lastCheckpoint >= checkpointInterval.toNanos()) {
                checkpointNow(pos);
                lastCheckpoint = System.nanoTime();
            }
        }
    }

    private boolean reached(Map<String, Long> pos) {
        for (Map.Entry<TopicPartition, Long> e : endAtStart.entrySet()) {
            Long p = pos.get(Checkpoint.key(e.getKey().topic(), e.getKey().partition()));
            if (p == null || p < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void applyAll(ConsumerRecords<byte[], byte[]> records) {
        List<DocumentEvent> titleBatch = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            consumed.incrementAndGet();
            String topic = r.topic();
            String what = topic + "-" + r.partition() + "@" + r.offset();
            if (topic.equals(topics.docEvents().name())) {
                DocumentEvent e = decode(events, r, "titles", what);
                if (e != null) {
                    titleBatch.add(e);
                    writes.apply("mentions", what, () -> onAccessEvent(e));
                }
            } else {
                flushTitles(titleBatch);
                if (topic.equals(topics.docOps().name())) {
                    CanonicalOp op = decode(ops, r, "words", what);
                    if (op != null) {
                        writes.apply("words", what, () -> idx.words().apply(op));
                    }
                } else if (topic.equals(topics.mentionSelections().name())) {
                    MentionSelection s = decode(selections, r, "mentions", what);
                    if (s != null) {
                        writes.apply("mentions", what, () -> onSelection(s));
                    }
                }
            }
        }
        flushTitles(titleBatch);
    }

    private <T> T decode(Deserializer<T> d, ConsumerRecord<byte[], byte[]> r, String index, String what) {
        Object[] out = new Object[1];
        writes.apply(index, what, () -> {
            T v = d.deserialize(r.topic(), r.value());
            if (v == null) {
                throw new IllegalArgumentException("null value");
            }
            out[0] = v;
        });
        @SuppressWarnings("unchecked")
        T v = (T) out[0];
        return v;
    }

    private void flushTitles(List<DocumentEvent> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<DocumentEvent> copy = List.copyOf(batch);
        batch.clear();
        if (!writes.apply("titles", copy.size() + " document events", () -> idx.titles().apply(copy))) {
            // isolate the bad event: apply one by one so that only it is skipped
            for (DocumentEvent e : copy) {
                writes.apply("titles", "document event " + e.eventId(), () -> idx.titles().apply(List.of(e)));
            }
        }
    }

    private void onAccessEvent(DocumentEvent e) {
        switch (e.type()) {
            case DocumentEvent.DELETED -> {
                idx.mentions().invalidate(e.docId());
                idx.selections().removeDocument(e.docId());
                idx.words().removeDocument(e.docId());
            }
            case DocumentEvent.CREATED, DocumentEvent.SHARED, DocumentEvent.UNSHARED, DocumentEvent.ROLE_CHANGED ->
                    idx.mentions().invalidate(e.docId());
            default -> { }
        }
    }

    private void onSelection(MentionSelection s) {
        if (s.docId() == null || s.mentionedUserId() == null) {
            throw new IllegalArgumentException("selection without docId or mentionedUserId");
        }
        long n = idx.selections().increment(s.docId(), s.mentionedUserId());
        idx.mentions().countChanged(s.docId(), s.mentionedUserId(), n);
    }

    private void checkpointNow(Map<String, Long> pos) {
        if (pos.isEmpty() || pos.equals(checkpointed)) {
            return; // nothing new since the last checkpoint
        }
        Checkpoint cp = new Checkpoint(Checkpoint.VERSION, System.currentTimeMillis(), Map.copyOf(pos),
                idx.titles().entries(), idx.selections().rows(), idx.words().snapshot());
        if (writes.apply("checkpoint", "checkpoint at " + pos, () -> store.write(cp))) {
            checkpointed = Map.copyOf(pos);
            checkpoints.incrementAndGet();
            log.debug("checkpoint written: {} titles at {}", cp.titles().size(), pos);
        }
    }

    /** Records read from the topics since this instance started (replays included). */
    public long recordsConsumed() {
        return consumed.get();
    }

    public long checkpointsWritten() {
        return checkpoints.get();
    }

    /** True once every partition was read up to its end offset as of start-up. */
    public boolean caughtUp() {
        return caughtUp;
    }

    public boolean running() {
        return running;
    }

    /** Next offsets per {@code topic:partition} as of the last poll. */
    public Map<String, Long> positions() {
        return positions;
    }

    /** Stops like a crash would: no final checkpoint (tests of replay after the last checkpoint). */
    void crash() {
        skipFinalCheckpoint = true;
        close();
    }

    /** Stops consuming and writes a final checkpoint. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            t = thread;
            if (t == null) {
                return;
            }
            running = false;
            consumer.wakeup();
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
