package io.docstream.gateway.pipeline;

import io.docstream.gateway.collab.CollabSettings;
import io.docstream.gateway.collab.OpProducer;
import io.docstream.gateway.edge.KafkaSettings;
import io.docstream.pipeline.GenerationWatcher;
import io.docstream.pipeline.PipelineGeneration;
import io.docstream.protocol.RedisChannels;
import io.docstream.topics.Topics;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.common.utils.ThreadUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps this gateway's op producer on the input topic of the live pipeline generation and tells the
 * operators' tooling so. Before the gateway serves anything, the control topic is read to its end;
 * afterwards a change (an operator growing the partition count) switches the producer, waits until
 * every op already sent to the old topic is acknowledged, and only then records the new generation
 * in Redis ({@code gateway-generation}). Every {@value #HEARTBEAT_MS} ms the gateway renews its entry
 * in the live-gateway set ({@code gateways}, expiring after {@value #TTL_MS} ms), which is how
 * {@code grow-partitions} knows whose switch to wait for.
 */
@Component
public class IngestGeneration implements InitializingBean, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(IngestGeneration.class);
    static final long HEARTBEAT_MS = 2_000;
    static final long TTL_MS = 10_000;

    private final OpProducer producer;
    private final Topics topics;
    private final RedisChannels channels;
    private final String gatewayId;
    private final GenerationWatcher watcher;
    private final StatefulRedisConnection<String, String> redis;
    private final ExecutorService switcher =
            Executors.newSingleThreadExecutor(ThreadUtils.createThreadFactory("ingest-generation-switch-%d", true));
    private volatile int generation = 1; // the producer starts on generation 1's topic

    public IngestGeneration(OpProducer producer, Topics topics, KafkaSettings kafka, RedisClient redisClient,
                            RedisChannels channels, CollabSettings collab) {
        this.producer = producer;
        this.topics = topics;
        this.channels = channels;
        this.gatewayId = collab.gatewayId();
        this.watcher = new GenerationWatcher(kafka.bootstrapServers(), topics.pipelineControl(),
                "gateway-" + gatewayId + "-generation");
        this.redis = redisClient.connect();
    }

    @Override
    public void afterPropertiesSet() {
        watcher.start(Duration.ofSeconds(60));
        apply(watcher.current());
        watcher.onChange(g -> switcher.execute(() -> apply(g)));
    }

    /** The generation whose input topic this gateway produces to. */
    public int generation() {
        return generation;
    }

    private synchronized void apply(PipelineGeneration g) {
        int target = g.ingestGeneration();
        if (target != generation) {
            producer.switchTo(topics.forGeneration(target).docOpsIn().name());
            generation = target;
        }
        heartbeat();
    }

    @Scheduled(fixedDelay = HEARTBEAT_MS, initialDelay = HEARTBEAT_MS)
    void heartbeat() {
        try {
            var cmd = redis.sync();
            cmd.hset(channels.gatewayGenerationsKey(), gatewayId, Integer.toString(generation));
            cmd.zadd(channels.gatewaysKey(), System.currentTimeMillis() + TTL_MS, gatewayId);
        } catch (RuntimeException e) {
            log.warn("could not renew gateway {} in the registry: {}", gatewayId, e.toString());
        }
    }

    @Override
    public void destroy() {
        watcher.close();
        switcher.shutdownNow();
        try {
            redis.sync().zrem(channels.gatewaysKey(), gatewayId);
            redis.sync().hdel(channels.gatewayGenerationsKey(), gatewayId);
        } catch (RuntimeException e) {
            log.debug("could not leave the gateway registry: {}", e.toString());
        } finally {
            redis.close();
        }
    }
}
