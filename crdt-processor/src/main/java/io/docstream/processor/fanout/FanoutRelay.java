package io.docstream.processor.fanout;

import io.docstream.processor.KafkaSettings;
import io.docstream.protocol.CanonicalOp;
import io.docstream.protocol.OpRejection;
import io.docstream.protocol.RedisChannels;
import io.docstream.topics.Topics;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Publishes committed canonical ops to Redis channel {@code doc:{docId}} and op rejections to
 * {@code gw:{gatewayId}} (names from {@link RedisChannels}). The message is the record value as the
 * processor wrote it: exactly the {@link CanonicalOp} / {@link OpRejection} JSON of
 * {@code Json.MAPPER}. After the ops of a batch it raises key {@link RedisChannels#docSeqKey} ({@code {prefix}docseq:{docId}}) to the
 * highest seq published (never lowers it, so a replayed batch cannot move it back); gateways compare
 * it with the last seq they delivered to detect a lost tail.
 *
 * <p>At-least-once: one poll batch is pipelined to Redis, the relay waits for every reply, and only
 * then commits the batch's offsets. When Redis fails, the consumer seeks back to the batch start and
 * retries after a backoff. A crash may therefore publish an op twice; gateways drop ops whose seq
 * they already delivered. Runs in its own thread; {@link #stop()} ends it cleanly.
 */
public class FanoutRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(FanoutRelay.class);

    /** Sets KEYS[1] to ARGV[1] unless it already holds a larger number. */
    static final String SET_MAX = "local c = tonumber(redis.call('GET', KEYS[1]) or '0') "
            + "if tonumber(ARGV[1]) > c then redis.call('SET', KEYS[1], ARGV[1]) return 1 end return 0";

    private final Topics topics;
    private final KafkaSettings kafka;
    private final FanoutSettings settings;
    private final RedisSettings redis;
    private final RedisChannels channels;
    private final Deserializer<CanonicalOp> opReader;
    private final Deserializer<OpRejection> rejectionReader;
    private volatile boolean running;
    private volatile Thread thread;
    private volatile KafkaConsumer<String, byte[]> consumer;

    public FanoutRelay(Topics topics, KafkaSettings kafka, FanoutSettings settings, RedisSettings redis) {
        this.topics = topics;
        this.kafka = kafka;
        this.settings = settings;
        this.redis = redis;
        this.channels = new RedisChannels(redis.channelPrefix());
        this.opReader = topics.docOps().valueSerde().deserializer();
        this.rejectionReader = topics.opRejections().valueSerde().deserializer();
    }

    /** The consumer group: {@code {topic-prefix}{group-id}}. */
    public String groupId() {
        return kafka.topicPrefix() + settings.groupId();
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, settings.isolationLevel());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, settings.autoOffsetReset());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) settings.fetchMaxWait().toMillis());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, groupId() + "-" + ProcessHandle.current().pid());
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topics.docOps().name(), topics.opRejections().name()));
        running = true;
        Thread t = new Thread(this::run, "fanout-relay");
        t.setDaemon(false);
        thread = t;
        t.start();
        log.info("fan-out relay started: {} + {} -> Redis {} (prefix '{}', group {})", topics.docOps().name(),
                topics.opRejections().name(), redis.uri(), redis.channelPrefix(), groupId());
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
            consumer.wakeup();
        }
        try {
            t.join(settings.publishTimeout().plusSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        RedisClient client = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<String, byte[]> conn =
                     client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE))) {
            conn.setAutoFlushCommands(false);
            loop(conn);
        } catch (RuntimeException e) {
            log.error("fan-out relay stopped by an error", e);
        } finally {
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                log.warn("closing the fan-out consumer failed", e);
            }
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            running = false;
            log.info("fan-out relay stopped");
        }
    }

    private void loop(StatefulRedisConnection<String, byte[]> conn) {
        while (running) {
            ConsumerRecords<String, byte[]> records;
            try {
                records = consumer.poll(settings.pollTimeout());
            } catch (WakeupException e) {
                break;
            }
            if (records.isEmpty()) {
                continue;
            }
            if (publish(conn, records)) {
                consumer.commitAsync(nextOffsets(records), (offsets, e) -> {
                    if (e != null) {
                        log.warn("offset commit failed (the batch may be published again): {}", e.toString());
                    }
                });
            } else {
                for (TopicPartition tp : records.partitions()) {
                    consumer.seek(tp, records.records(tp).get(0).offset());
                }
                sleepQuietly(settings.retryBackoff());
            }
        }
        try {
            consumer.commitSync(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            log.warn("final offset commit failed: {}", e.toString());
        }
    }

    /** Pipelines the batch to Redis and waits for every reply; false when any failed. */
    boolean publish(StatefulRedisConnection<String, byte[]> conn, ConsumerRecords<String, byte[]> records) {
        RedisAsyncCommands<String, byte[]> redisCmd = conn.async();
        List<RedisFuture<?>> futures = new ArrayList<>(records.count() + 8);
        Map<String, Long> maxSeq = new HashMap<>();
        String opsTopic = topics.docOps().name();
        for (ConsumerRecord<String, byte[]> r : records) {
            if (r.value() == null) {
                continue;
            }
            try {
                if (opsTopic.equals(r.topic())) {
                    CanonicalOp op = opReader.deserialize(r.topic(), r.value());
                    futures.add(redisCmd.publish(channels.doc(op.docId()), r.value()));
                    maxSeq.merge(op.docId(), op.seq(), Math::max);
                } else {
                    OpRejection rej = rejectionReader.deserialize(r.topic(), r.value());
                    if (rej.gatewayId() == null) {
                        log.warn("rejection of {}:{} in doc {} has no gateway id; not routed", rej.site(),
                                rej.clientSeq(), rej.docId());
                        continue;
                    }
                    futures.add(redisCmd.publish(channels.gateway(rej.gatewayId()), r.value()));
                }
            } catch (RuntimeException e) {
                log.warn("skipping unreadable record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.toString());
            }
        }
        maxSeq.forEach((docId, seq) -> futures.add(redisCmd.eval(SET_MAX, ScriptOutputType.INTEGER,
                new String[] {channels.docSeqKey(docId)},
                Long.toString(seq).getBytes(StandardCharsets.US_ASCII))));
        conn.flushCommands();
        try {
            boolean done = LettuceFutures.awaitAll(settings.publishTimeout().toMillis(), TimeUnit.MILLISECONDS,
                    futures.toArray(new RedisFuture<?>[0]));
            if (!done) {
                log.warn("Redis did not acknowledge {} commands within {}; retrying the batch", futures.size(),
                        settings.publishTimeout());
            }
            return done;
        } catch (RuntimeException e) {
            log.warn("publishing a batch of {} records to Redis failed; retrying it: {}", records.count(), e.toString());
            return false;
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> rs = records.records(tp);
            offsets.put(tp, new OffsetAndMetadata(rs.get(rs.size() - 1).offset() + 1));
        }
        return offsets;
    }

    private void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
