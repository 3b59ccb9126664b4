package io.docstream.gateway.collab;

import io.docstream.gateway.documents.Role;
import io.docstream.protocol.CanonicalOp;
import io.docstream.protocol.Json;
import io.docstream.protocol.RedisChannels;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.apache.kafka.common.utils.ThreadUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The documents open on this gateway and their Redis fan-in. Subscribes to {@code doc:{id}} for
 * every open document (before loading it, so nothing published during the load is missed), to
 * this gateway's own channel (op rejections) and to the ACL channel; checks the relay's last
 * published seq of every open document periodically so that a lost tail is fetched from the log.
 */
@Component
public class DocumentHub implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DocumentHub.class);

    private final CollabSettings settings;
    private final OpLog opLog;
    private final RedisChannels channels;
    private final CollabMetrics metrics;
    private final RedisClient redis;
    private final Map<UUID, DocumentChannel> open = new ConcurrentHashMap<>();
    private final Map<String, BiConsumer<String, String>> gatewayListeners = new ConcurrentHashMap<>();
    private final ExecutorService actorPool;
    private final ExecutorService blockingPool;
    private final ScheduledExecutorService scheduler;
    private StatefulRedisPubSubConnection<String, String> pubSub;
    private StatefulRedisConnection<String, String> commands;
    private volatile boolean running;

    public DocumentHub(CollabSettings settings, OpLog opLog, RedisChannels channels, CollabMetrics metrics,
                       RedisClient redis, MeterRegistry registry) {
        this.settings = settings;
        this.opLog = opLog;
        this.channels = channels;
        this.metrics = metrics;
        this.redis = redis;
        this.actorPool = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                ThreadUtils.createThreadFactory("doc-actor-%d", true));
        this.blockingPool = Executors.newFixedThreadPool(8, ThreadUtils.createThreadFactory("doc-io-%d", true));
        this.scheduler = Executors.newScheduledThreadPool(1, ThreadUtils.createThreadFactory("doc-timer-%d", true));
        Gauge.builder("docstream.collab.documents.open", open, Map::size).register(registry);
    }

    /** Messages on this gateway's own channel, by {@code type} field (e.g. op rejections). */
    public void onGatewayMessage(String type, BiConsumer<String, String> listener) {
        gatewayListeners.put(type, listener);
    }

    /** Access changes published on the ACL channel. */
    private volatile java.util.function.Consumer<String> aclListener = m -> {};

    public void onAclMessage(java.util.function.Consumer<String> listener) {
        this.aclListener = listener;
    }

    @Override
    public void start() {
        pubSub = redis.connectPubSub();
        commands = redis.connect();
        pubSub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                dispatch(channel, message);
            }
        });
        pubSub.sync().subscribe(channels.gateway(settings.gatewayId()), channels.acl());
        long tail = settings.tailCheckInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::checkTails, tail, tail, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::closeIdle, 1, 1, TimeUnit.SECONDS);
        running = true;
        log.info("document hub of gateway {} started", settings.gatewayId());
    }

    private void dispatch(String channel, String message) {
        try {
            if (channel.equals(channels.acl())) {
                aclListener.accept(message);
                return;
            }
            if (channel.equals(channels.gateway(settings.gatewayId()))) {
                var node = Json.MAPPER.readTree(message);
                var type = node.path("type").asString("rejection");
                var l = gatewayListeners.get(type);
                if (l != null) {
                    l.accept(type, message);
                }
                return;
            }
            CanonicalOp op = Json.MAPPER.readValue(message, CanonicalOp.class);
            DocumentChannel ch = open.get(UUID.fromString(op.docId()));
            if (ch != null) {
                ch.offer(op);
            }
        } catch (RuntimeException e) {
            log.warn("unreadable message on {}: {}", channel, e.toString());
        }
    }

    /** Joins {@code conn} to a document, opening it on this gateway first when needed. */
    void join(ClientConnection conn, UUID docId, Role role, Long lastSeq) {
        channelFor(docId).join(conn, role, lastSeq);
    }

    void rejoin(ClientConnection conn, UUID docId, Role role, Long lastSeq) {
        join(conn, docId, role, lastSeq);
    }

    void leave(ClientConnection conn, UUID docId) {
        DocumentChannel ch = open.get(docId);
        if (ch != null) {
            ch.leave(conn);
        }
    }

    private DocumentChannel channelFor(UUID docId) {
        return open.computeIfAbsent(docId, id -> {
            DocumentChannel ch = new DocumentChannel(id, this);
            pubSub.async().subscribe(channels.doc(id.toString())).whenComplete((ok, err) -> {
                if (err != null) {
                    log.error("subscribe to doc {} failed", id, err);
                }
                ch.load();
            });
            return ch;
        });
    }

    private void checkTails() {
        try {
            List<DocumentChannel> ready = new ArrayList<>();
            for (DocumentChannel ch : open.values()) {
                if (ch.isReady()) {
                    ready.add(ch);
                }
            }
            if (ready.isEmpty()) {
                return;
            }
            String[] keys = ready.stream().map(ch -> channels.docSeqKey(ch.doc)).toArray(String[]::new);
            var values = commands.sync().mget(keys);
            for (int i = 0; i < values.size(); i++) {
                var kv = values.get(i);
                if (kv.hasValue()) {
                    ready.get(i).checkTail(Long.parseLong(kv.getValue()));
                }
            }
        } catch (RuntimeException e) {
            log.warn("tail check failed: {}", e.toString());
        }
    }

    private void closeIdle() {
        long idle = settings.idleDocumentClose().toMillis();
        for (DocumentChannel ch : open.values()) {
            ch.closeIfIdle(idle, () -> {
                open.remove(ch.docId, ch);
                pubSub.async().unsubscribe(channels.doc(ch.doc));
                log.debug("closed idle document {}", ch.doc);
            });
        }
    }

    /** The seq delivered for a document open here, or -1. */
    public long deliveredSeq(UUID docId) {
        DocumentChannel ch = open.get(docId);
        return ch == null ? -1 : ch.seq();
    }

    @Override
    public void stop() {
        running = false;
        scheduler.shutdownNow();
        if (pubSub != null) {
            pubSub.close();
        }
        if (commands != null) {
            commands.close();
        }
        blockingPool.shutdown();
        actorPool.shutdown();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // starts before the web server accepts sockets, stops after the socket layer closed them all
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    CollabSettings settings() {
        return settings;
    }

    String gatewayId() {
        return settings.gatewayId();
    }

    OpLog opLog() {
        return opLog;
    }

    CollabMetrics metrics() {
        return metrics;
    }

    ExecutorService actorPool() {
        return actorPool;
    }

    ExecutorService blockingPool() {
        return blockingPool;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }
}
