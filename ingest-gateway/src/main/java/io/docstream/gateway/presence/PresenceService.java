package io.docstream.gateway.presence;

import io.docstream.gateway.collab.CollabSettings;
import io.docstream.protocol.Json;
import io.docstream.protocol.RedisChannels;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.ThreadUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Who is in a document and where their cursors are, across every gateway.
 *
 * <p>State in Redis per document: a sorted set {@code presence-members:{doc}} (site → expiry
 * time) and a hash {@code presence-info:{doc}} (site → member JSON). Each gateway re-scores its
 * own members every heartbeat; when a gateway dies its members' scores run out and whichever
 * gateway's sweep removes one first ({@code ZREM} answers 1 only once) announces the leave — no
 * ghosts after {@code ttl + sweepInterval}. Events and cursor moves go through the channel
 * {@code presence:{doc}}; a gateway delivers to its own sockets at once and drops its own echo by
 * gateway id. Cursor moves are never stored, and are throttled per client and document (latest
 * wins).
 */
@Service
public class PresenceService implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PresenceService.class);

    private record CursorKey(UUID doc, int site) {}

    private final PresenceSettings settings;
    private final RedisChannels channels;
    private final RedisClient redis;
    private final String gatewayId;
    private final Map<UUID, Map<Integer, LocalMember>> local = new ConcurrentHashMap<>();
    private final Map<CursorKey, String> pendingCursors = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(ThreadUtils.createThreadFactory("presence-timer-%d", true));
    private StatefulRedisConnection<String, String> conn;
    private StatefulRedisPubSubConnection<String, String> pubSub;
    private volatile boolean running;

    public PresenceService(PresenceSettings settings, RedisChannels channels, RedisClient redis, CollabSettings collab) {
        this.settings = settings;
        this.channels = channels;
        this.redis = redis;
        this.gatewayId = collab.gatewayId();
    }

    private String membersKey(UUID doc) {
        return channels.prefix() + "presence-members:" + doc;
    }

    private String infoKey(UUID doc) {
        return channels.prefix() + "presence-info:" + doc;
    }

    private RedisAsyncCommands<String, String> redis() {
        return conn.async();
    }

    /** {@code member} joined {@code doc}: announce it, and send it the current member list. */
    public void join(LocalMember member, UUID doc) {
        Map<Integer, LocalMember> members = local.computeIfAbsent(doc, d -> {
            pubSub.async().subscribe(channels.presence(d.toString()));
            return new ConcurrentHashMap<>();
        });
        members.put(member.site(), member);
        ObjectNode info = memberJson(member, null);
        long expiry = System.currentTimeMillis() + settings.ttl().toMillis();
        redis().hset(infoKey(doc), Integer.toString(member.site()), info.toString());
        redis().zadd(membersKey(doc), expiry, Integer.toString(member.site()))
                .thenCompose(added -> redis().zrangebyscore(membersKey(doc), Range.create(System.currentTimeMillis(), Double.POSITIVE_INFINITY)))
                .thenCompose(sites -> sites.isEmpty()
                        ? java.util.concurrent.CompletableFuture.completedFuture(List.<io.lettuce.core.KeyValue<String, String>>of())
                        : redis().hmget(infoKey(doc), sites.toArray(String[]::new)).toCompletableFuture())
                .thenAccept(values -> {
                    ObjectNode list = Json.MAPPER.createObjectNode().put("type", "presence-list").put("doc", doc.toString());
                    ArrayNode arr = list.putArray("members");
                    for (var kv : values) {
                        if (kv.hasValue()) {
                            arr.add(Json.MAPPER.readTree(kv.getValue()));
                        }
                    }
                    member.sender().accept(list.toString());
                })
                .exceptionally(e -> {
                    log.warn("presence list of doc {} failed: {}", doc, e.toString());
                    return null;
                });
        broadcast(doc, member.site(), event("join", doc, info));
    }

    /** The member left (or was cut off, or its socket closed). */
    public void leave(int site, UUID doc) {
        Map<Integer, LocalMember> members = local.get(doc);
        LocalMember m = members == null ? null : members.remove(site);
        if (m == null) {
            return;
        }
        pendingCursors.remove(new CursorKey(doc, site));
        removeAndAnnounce(doc, Integer.toString(site));
        if (members.isEmpty()) {
            local.computeIfPresent(doc, (d, ms) -> {
                if (ms.isEmpty()) {
                    pubSub.async().unsubscribe(channels.presence(d.toString()));
                    return null;
                }
                return ms;
            });
        }
    }

    private void removeAndAnnounce(UUID doc, String site) {
        redis().zrem(membersKey(doc), site).thenAccept(removed -> {
            if (removed != null && removed > 0) {
                redis().hget(infoKey(doc), site).thenAccept(json -> {
                    redis().hdel(infoKey(doc), site);
                    ObjectNode member = json == null ? Json.MAPPER.createObjectNode().put("site", Integer.parseInt(site))
                            : (ObjectNode) Json.MAPPER.readTree(json);
                    broadcast(doc, Integer.parseInt(site), event("leave", doc, member));
                });
            }
        });
    }

    /** A new awareness state (small JSON) of a member; returns an error text when refused. */
    public String awareness(int site, UUID doc, JsonNode state) {
        LocalMember m = member(doc, site);
        if (m == null) {
            return "join the document first";
        }
        String json = state.toString();
        if (json.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > settings.maxAwarenessBytes()) {
            return "awareness state over " + settings.maxAwarenessBytes() + " bytes";
        }
        ObjectNode info = memberJson(m, state);
        redis().hset(infoKey(doc), Integer.toString(site), info.toString());
        broadcast(doc, site, event("update", doc, info));
        return null;
    }

    /** A cursor or selection move; sent on at the next cursor tick, latest wins. */
    public boolean cursor(int site, UUID doc, JsonNode anchor, JsonNode head) {
        LocalMember m = member(doc, site);
        if (m == null) {
            return false;
        }
        ObjectNode msg = Json.MAPPER.createObjectNode().put("type", "cursor").put("doc", doc.toString())
                .put("site", site).put("userId", m.userId().toString()).put("name", m.name())
                .put("color", Colors.of(m.userId().toString()));
        msg.set("anchor", anchor);
        if (head != null && !head.isNull()) {
            msg.set("head", head);
        }
        pendingCursors.put(new CursorKey(doc, site), msg.toString());
        return true;
    }

    private LocalMember member(UUID doc, int site) {
        Map<Integer, LocalMember> members = local.get(doc);
        return members == null ? null : members.get(site);
    }

    private void flushCursors() {
        for (var key : new ArrayList<>(pendingCursors.keySet())) {
            String msg = pendingCursors.remove(key);
            if (msg != null) {
                broadcast(key.doc(), key.site(), msg);
            }
        }
    }

    private ObjectNode memberJson(LocalMember m, JsonNode awareness) {
        ObjectNode n = Json.MAPPER.createObjectNode().put("site", m.site()).put("userId", m.userId().toString())
                .put("name", m.name()).put("color", Colors.of(m.userId().toString()));
        if (awareness != null) {
            n.set("awareness", awareness);
        }
        return n;
    }

    private static String event(String event, UUID doc, ObjectNode member) {
        ObjectNode n = Json.MAPPER.createObjectNode().put("type", "presence").put("doc", doc.toString()).put("event", event);
        n.set("member", member);
        return n.toString();
    }

    /** Delivers to this gateway's other members of the document and publishes for the other gateways. */
    private void broadcast(UUID doc, int fromSite, String message) {
        deliverLocally(doc, fromSite, message);
        ObjectNode envelope = Json.MAPPER.createObjectNode().put("gw", gatewayId).put("site", fromSite);
        envelope.put("message", message);
        redis().publish(channels.presence(doc.toString()), envelope.toString());
    }

    private void deliverLocally(UUID doc, int fromSite, String message) {
        Map<Integer, LocalMember> members = local.get(doc);
        if (members == null) {
            return;
        }
        for (LocalMember m : members.values()) {
            if (m.site() != fromSite) {
                m.sender().accept(message);
            }
        }
    }

    private void onChannelMessage(String channel, String payload) {
        try {
            JsonNode env = Json.MAPPER.readTree(payload);
            if (gatewayId.equals(env.path("gw").asString(""))) {
                return; // our own echo: already delivered locally
            }
            UUID doc = UUID.fromString(channel.substring(channel.lastIndexOf(':') + 1));
            deliverLocally(doc, env.path("site").asInt(), env.path("message").asString());
        } catch (RuntimeException e) {
            log.warn("unreadable presence message on {}: {}", channel, e.toString());
        }
    }

    private void heartbeat() {
        long expiry = System.currentTimeMillis() + settings.ttl().toMillis();
        local.forEach((doc, members) -> members.keySet().forEach(site ->
                redis().zadd(membersKey(doc), expiry, Integer.toString(site))));
    }

    private void sweep() {
        long now = System.currentTimeMillis();
        for (UUID doc : local.keySet()) {
            redis().zrangebyscore(membersKey(doc), Range.create(Double.NEGATIVE_INFINITY, (double) now))
                    .thenAccept(expired -> expired.forEach(site -> {
                        log.info("presence of site {} in doc {} expired (its gateway stopped heart-beating)", site, doc);
                        removeAndAnnounce(doc, site);
                    }));
        }
    }

    private void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            log.warn("presence task failed: {}", e.toString());
        }
    }

    @Override
    public void start() {
        conn = redis.connect();
        pubSub = redis.connectPubSub();
        pubSub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                onChannelMessage(channel, message);
            }
        });
        long cursor = settings.cursorInterval().toMillis();
        timer.scheduleWithFixedDelay(() -> safely(this::flushCursors), cursor, cursor, TimeUnit.MILLISECONDS);
        long hb = settings.heartbeatInterval().toMillis();
        timer.scheduleWithFixedDelay(() -> safely(this::heartbeat), hb, hb, TimeUnit.MILLISECONDS);
        long sweep = settings.sweepInterval().toMillis();
        timer.scheduleWithFixedDelay(() -> safely(this::sweep), sweep, sweep, TimeUnit.MILLISECONDS);
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        timer.shutdownNow();
        if (pubSub != null) {
            pubSub.close();
        }
        if (conn != null) {
            conn.close();
        }
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

    /** Sites of this gateway's members of a document (for tests). */
    public List<Integer> localSites(UUID doc) {
        Map<Integer, LocalMember> m = local.get(doc);
        return m == null ? List.of() : List.copyOf(m.keySet());
    }
}
