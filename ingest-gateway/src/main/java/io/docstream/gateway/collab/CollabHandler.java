package io.docstream.gateway.collab;

import io.docstream.crdt.Op;
import io.docstream.gateway.auth.Authenticator;
import io.docstream.gateway.auth.Principal;
import io.docstream.gateway.documents.PermissionService;
import io.docstream.gateway.documents.Role;
import io.docstream.gateway.edge.RateLimiters;
import io.docstream.gateway.presence.PresenceService;
import io.docstream.protocol.ClientOp;
import io.docstream.protocol.ErrorCode;
import io.docstream.protocol.InvalidMessageException;
import io.docstream.protocol.Json;
import io.docstream.protocol.OpRejection;
import io.docstream.protocol.WireOp;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The collaboration protocol (docs/protocol.md) on one socket: join/leave documents, send ops,
 * app-level ping. Every bad message gets a specific error for that client only; the socket, the
 * client's other documents and everybody else are unaffected. Identity (user, site, gateway)
 * comes from the authenticated session, never from the message.
 */
@Component
public class CollabHandler extends AbstractWebSocketHandler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CollabHandler.class);
    private static final int MAX_DELETE_RANGES = 1024;

    private final CollabSettings settings;
    private final PermissionService permissions;
    private final RateLimiters rateLimiters;
    private final DocumentHub hub;
    private final OpProducer producer;
    private final CollabMetrics metrics;
    private final PresenceService presence;
    private final Authenticator authenticator;
    private final Map<String, ClientConnection> connections = new ConcurrentHashMap<>();
    private final Map<Integer, ClientConnection> bySite = new ConcurrentHashMap<>();
    private volatile boolean running;

    public CollabHandler(CollabSettings settings, PermissionService permissions, RateLimiters rateLimiters,
                         DocumentHub hub, OpProducer producer, CollabMetrics metrics, PresenceService presence,
                         Authenticator authenticator) {
        this.presence = presence;
        this.authenticator = authenticator;
        this.settings = settings;
        this.permissions = permissions;
        this.rateLimiters = rateLimiters;
        this.hub = hub;
        this.producer = producer;
        this.metrics = metrics;
        hub.onGatewayMessage("rejection", (type, json) -> onRejection(json));
        hub.onAclMessage(this::onAccessChange);
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        var user = (Principal) session.getAttributes().get(CollabHandshake.USER);
        int site = (Integer) session.getAttributes().get(CollabHandshake.SITE);
        String token = (String) session.getAttributes().get(CollabHandshake.TOKEN);
        ClientConnection conn = new ClientConnection(session, user, site, token, settings);
        long open = connections.values().stream().filter(c -> c.user.userId().equals(user.userId())).count();
        if (open >= settings.maxSocketsPerUser()) {
            error(conn, ErrorCode.RATE_LIMITED, "too many open connections: at most " + settings.maxSocketsPerUser()
                    + " per user; close one first", null, null);
            conn.close(CloseStatus.POLICY_VIOLATION.withReason("too many connections"));
            log.info("connection {} refused: user {} already has {} open", conn.id, user.userId(), open);
            return;
        }
        connections.put(conn.id, conn);
        bySite.put(site, conn);
        log.info("connection {} open: user {} site {}", conn.id, user.userId(), site);
        conn.send(Messages.welcome(site, user.userId().toString(), settings.gatewayId(), settings.maxFrameBytes()));
    }

    @Override
    public boolean supportsPartialMessages() {
        return true;
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        ClientConnection conn = connections.get(session.getId());
        if (conn == null) {
            return;
        }
        String payload = message.getPayload();
        long bytes = utf8Length(payload);
        if (!message.isLast() || conn.partialBytes > 0 || conn.partialOversize) {
            conn.partialBytes += bytes;
            if (conn.partialBytes > settings.maxFrameBytes()) {
                conn.partialOversize = true;
                conn.partial.setLength(0);
            } else {
                conn.partial.append(payload);
            }
            if (!message.isLast()) {
                return;
            }
            boolean oversize = conn.partialOversize;
            long total = conn.partialBytes;
            payload = conn.partial.toString();
            conn.partial.setLength(0);
            conn.partialBytes = 0;
            conn.partialOversize = false;
            if (oversize) {
                error(conn, ErrorCode.FRAME_TOO_LARGE, "message of " + total + " bytes exceeds the limit of "
                        + settings.maxFrameBytes() + " bytes; it was discarded", null, null);
                return;
            }
        } else if (bytes > settings.maxFrameBytes()) {
            error(conn, ErrorCode.FRAME_TOO_LARGE, "message of " + bytes + " bytes exceeds the limit of "
                    + settings.maxFrameBytes() + " bytes; it was discarded", null, null);
            return;
        }
        handle(conn, payload);
    }

    private void handle(ClientConnection conn, String payload) {
        JsonNode msg;
        try {
            msg = Json.MAPPER.readTree(payload);
        } catch (JacksonException e) {
            error(conn, ErrorCode.MALFORMED_JSON, "message is not valid JSON: " + shortReason(e), null, null);
            return;
        }
        if (msg == null || !msg.isObject()) {
            error(conn, ErrorCode.INVALID_MESSAGE, "message must be a JSON object", null, null);
            return;
        }
        JsonNode type = msg.get("type");
        if (type == null || !type.isString()) {
            error(conn, ErrorCode.INVALID_MESSAGE, "field \"type\" (string) is required", null, null);
            return;
        }
        switch (type.stringValue()) {
            case "join" -> onJoin(conn, msg);
            case "leave" -> onLeave(conn, msg);
            case "op" -> onOp(conn, msg);
            case "cursor" -> onCursor(conn, msg);
            case "awareness" -> onAwareness(conn, msg);
            case "ping" -> conn.send(Messages.pong(msg.has("id") ? msg.get("id") : null));
            default -> error(conn, ErrorCode.INVALID_MESSAGE, "unknown message type \"" + type.stringValue() + "\"", null, null);
        }
    }

    private Optional<UUID> docId(ClientConnection conn, JsonNode msg) {
        JsonNode doc = msg.get("doc");
        if (doc == null || !doc.isString()) {
            error(conn, ErrorCode.INVALID_MESSAGE, "field \"doc\" (document id string) is required", null, null);
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(doc.stringValue()));
        } catch (IllegalArgumentException e) {
            error(conn, ErrorCode.NOT_FOUND, "no document " + truncate(doc.stringValue()), truncate(doc.stringValue()), null);
            return Optional.empty();
        }
    }

    private void onJoin(ClientConnection conn, JsonNode msg) {
        Optional<UUID> id = docId(conn, msg);
        if (id.isEmpty()) {
            return;
        }
        Long lastSeq = null;
        JsonNode ls = msg.get("lastSeq");
        if (ls != null && !ls.isNull()) {
            if (!ls.canConvertToLong() || !ls.isIntegralNumber() || ls.longValue() < 0) {
                error(conn, ErrorCode.INVALID_MESSAGE, "lastSeq must be a non-negative integer", id.get().toString(), null);
                return;
            }
            lastSeq = ls.longValue();
        }
        Optional<Role> role = permissions.roleOf(conn.user.userId(), id.get());
        if (role.isEmpty()) {
            // the same answer whether the document does not exist or is not shared with this user
            error(conn, ErrorCode.NOT_FOUND, "no document " + id.get() + " (or no access)", id.get().toString(), null);
            return;
        }
        boolean rejoin = conn.docs.put(id.get(), role.get()) != null;
        hub.join(conn, id.get(), role.get(), lastSeq);
        if (!rejoin) {
            presence.join(conn.presence, id.get());
        }
    }

    private void onLeave(ClientConnection conn, JsonNode msg) {
        Optional<UUID> id = docId(conn, msg);
        if (id.isEmpty()) {
            return;
        }
        if (conn.docs.remove(id.get()) != null) {
            hub.leave(conn, id.get());
            presence.leave(conn.site, id.get());
        }
        conn.send(Messages.left(id.get().toString(), "LEFT"));
    }

    private void onOp(ClientConnection conn, JsonNode msg) {
        Optional<UUID> id = docId(conn, msg);
        if (id.isEmpty()) {
            return;
        }
        String doc = id.get().toString();
        JsonNode cs = msg.get("clientSeq");
        if (cs == null || !cs.isIntegralNumber() || !cs.canConvertToLong() || cs.longValue() < 1) {
            error(conn, ErrorCode.INVALID_MESSAGE, "clientSeq must be a positive integer", doc, null);
            return;
        }
        long clientSeq = cs.longValue();
        Role role = conn.docs.get(id.get());
        if (role == null) {
            error(conn, ErrorCode.NOT_JOINED, "join document " + doc + " before sending ops", doc, clientSeq);
            return;
        }
        if (!role.canEdit()) {
            error(conn, ErrorCode.READ_ONLY, "you are a viewer of this document; ops are not accepted", doc, clientSeq);
            return;
        }
        JsonNode opNode = msg.get("op");
        if (opNode == null || !opNode.isObject()) {
            error(conn, ErrorCode.INVALID_MESSAGE, "field \"op\" (object) is required", doc, clientSeq);
            return;
        }
        WireOp wire;
        Op op;
        try {
            wire = Json.MAPPER.treeToValue(opNode, WireOp.class);
            op = wire.toOp();
        } catch (JacksonException e) {
            error(conn, ErrorCode.INVALID_MESSAGE, "op has the wrong shape: " + shortReason(e), doc, clientSeq);
            return;
        } catch (InvalidMessageException e) {
            error(conn, ErrorCode.INVALID_MESSAGE, e.getMessage(), doc, clientSeq);
            return;
        }
        if (op instanceof Op.Insert ins) {
            if (ins.id().site() != conn.site) {
                error(conn, ErrorCode.FORGED_SITE, "insert ids must use your site " + conn.site + ", not "
                        + ins.id().site(), doc, clientSeq);
                return;
            }
            if (ins.length() > settings.maxInsertCodePoints()) {
                error(conn, ErrorCode.OP_TOO_LARGE, "insert of " + ins.length() + " code points exceeds "
                        + settings.maxInsertCodePoints(), doc, clientSeq);
                return;
            }
        } else if (((Op.Delete) op).ranges().size() > MAX_DELETE_RANGES) {
            error(conn, ErrorCode.OP_TOO_LARGE, "delete has more than " + MAX_DELETE_RANGES + " ranges", doc, clientSeq);
            return;
        }
        if (!rateLimiters.tryConsumeOp(conn.id)) {
            error(conn, ErrorCode.RATE_LIMITED, "op rate limit exceeded; resend later", doc, clientSeq);
            return;
        }
        metrics.opReceived();
        ClientOp clientOp = new ClientOp(doc, conn.user.userId().toString(), conn.site, clientSeq, settings.gatewayId(),
                wire, System.currentTimeMillis());
        producer.send(clientOp, e -> {
            // Later ops of this socket may depend on this one, and the processor drops a clientSeq at or
            // below the last one it applied: the only safe recovery is a reconnect that resends every
            // unacknowledged op in order. So tell the client why, then close with "try again later".
            error(conn, ErrorCode.UNAVAILABLE, "op could not be stored (" + e.getClass().getSimpleName()
                    + "); reconnect and resend your unacknowledged ops", doc, clientSeq);
            conn.close(new CloseStatus(1013, "op store unavailable; reconnect"));
        });
    }

    /** A cursor or selection, anchored to element ids: {@code anchor} and optional {@code head}. */
    private void onCursor(ClientConnection conn, JsonNode msg) {
        Optional<UUID> id = docId(conn, msg);
        if (id.isEmpty()) {
            return;
        }
        String doc = id.get().toString();
        if (!conn.docs.containsKey(id.get())) {
            error(conn, ErrorCode.NOT_JOINED, "join document " + doc + " before sending cursors", doc, null);
            return;
        }
        JsonNode anchor = msg.get("anchor");
        JsonNode head = msg.get("head");
        if (!isAnchor(anchor) || (head != null && !head.isNull() && !isAnchor(head))) {
            error(conn, ErrorCode.INVALID_MESSAGE, "cursor needs anchor (and optional head) of the form "
                    + "{\"id\": [counter, site] | null}", doc, null);
            return;
        }
        presence.cursor(conn.site, id.get(), anchor, head);
    }

    private static boolean isAnchor(JsonNode a) {
        if (a == null || !a.isObject() || a.size() != 1 || !a.has("id")) {
            return false;
        }
        JsonNode id = a.get("id");
        return id.isNull() || (id.isArray() && id.size() == 2 && id.get(0).isInt() && id.get(1).isInt()
                && id.get(0).intValue() >= 1 && id.get(1).intValue() >= 0);
    }

    private void onAwareness(ClientConnection conn, JsonNode msg) {
        Optional<UUID> id = docId(conn, msg);
        if (id.isEmpty()) {
            return;
        }
        String doc = id.get().toString();
        JsonNode state = msg.get("state");
        if (!conn.docs.containsKey(id.get())) {
            error(conn, ErrorCode.NOT_JOINED, "join document " + doc + " before sending awareness", doc, null);
        } else if (state == null || !state.isObject()) {
            error(conn, ErrorCode.INVALID_MESSAGE, "awareness needs a \"state\" object", doc, null);
        } else {
            String refused = presence.awareness(conn.site, id.get(), state);
            if (refused != null) {
                error(conn, ErrorCode.INVALID_MESSAGE, refused, doc, null);
            }
        }
    }

    /** The processor refused an op that came through this gateway. */
    private void onRejection(String json) {
        OpRejection r = Json.MAPPER.readValue(json, OpRejection.class);
        ClientConnection conn = bySite.get(r.site());
        if (conn == null) {
            return;
        }
        ErrorCode code;
        try {
            code = ErrorCode.valueOf(r.code());
        } catch (IllegalArgumentException e) {
            code = ErrorCode.INVALID_OP;
        }
        error(conn, code, r.message(), r.docId(), r.clientSeq());
    }

    /** A role changed, access was revoked or a document deleted: re-check the affected members. */
    private void onAccessChange(String json) {
        JsonNode n = Json.MAPPER.readTree(json);
        UUID docId;
        try {
            docId = UUID.fromString(n.path("docId").asString(""));
        } catch (IllegalArgumentException e) {
            log.warn("ACL message without a valid docId: {}", json);
            return;
        }
        String userId = n.path("userId").isString() ? n.path("userId").stringValue() : null;
        boolean deleted = "DELETED".equals(n.path("change").asString(""));
        for (ClientConnection conn : connections.values()) {
            if (!conn.docs.containsKey(docId) || (userId != null && !userId.equals(conn.user.userId().toString()))) {
                continue;
            }
            hub.blockingPool().execute(() -> recheck(conn, docId, deleted));
        }
    }

    /**
     * The backstop of the ACL channel: re-validates every socket's token (logout, expiry) and its
     * roles on the documents it has joined, in one query per socket.
     */
    private void recheckAll() {
        for (ClientConnection conn : connections.values()) {
            hub.blockingPool().execute(() -> {
                try {
                    if (authenticator.authenticate(conn.token).isEmpty()) {
                        error(conn, ErrorCode.UNAUTHENTICATED, "your access token expired or was revoked", null, null);
                        conn.close(CloseStatus.POLICY_VIOLATION.withReason("token no longer valid"));
                        return;
                    }
                    Map<UUID, Role> roles = permissions.rolesOf(conn.user.userId(), List.copyOf(conn.docs.keySet()));
                    for (UUID doc : List.copyOf(conn.docs.keySet())) {
                        applyRole(conn, doc, Optional.ofNullable(roles.get(doc)), false);
                    }
                } catch (RuntimeException e) {
                    log.warn("access re-check of connection {} failed: {}", conn.id, e.toString());
                }
            });
        }
    }

    private void recheck(ClientConnection conn, UUID docId, boolean deleted) {
        Optional<Role> role = deleted ? Optional.empty() : permissions.roleOf(conn.user.userId(), docId);
        applyRole(conn, docId, role, deleted);
    }

    private void applyRole(ClientConnection conn, UUID docId, Optional<Role> role, boolean deleted) {
        if (role.isEmpty()) {
            if (conn.docs.remove(docId) != null) {
                hub.leave(conn, docId);
                presence.leave(conn.site, docId);
                String reason = deleted ? ErrorCode.DOCUMENT_DELETED.name() : ErrorCode.ACCESS_REVOKED.name();
                conn.send(Messages.left(docId.toString(), reason));
                log.info("user {} cut off from document {}: {}", conn.user.userId(), docId, reason);
            }
        } else {
            Role previous = conn.docs.replace(docId, role.get());
            if (previous != null && previous != role.get()) {
                conn.send(Messages.role(docId.toString(), role.get().wire()));
            }
        }
    }

    @Override
    protected void handlePongMessage(WebSocketSession session, PongMessage message) {
        ClientConnection conn = connections.get(session.getId());
        if (conn != null) {
            conn.lastPongAt = System.currentTimeMillis();
        }
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) {
        log.debug("transport error on {}: {}", session.getId(), exception.toString());
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        ClientConnection conn = connections.remove(session.getId());
        if (conn == null) {
            return;
        }
        bySite.remove(conn.site, conn);
        rateLimiters.forgetOpKey(conn.id);
        for (UUID doc : conn.docs.keySet()) {
            hub.leave(conn, doc);
            presence.leave(conn.site, doc);
        }
        conn.docs.clear();
        log.info("connection {} closed: {}", conn.id, status);
    }

    private void error(ClientConnection conn, ErrorCode code, String message, String doc, Long clientSeq) {
        metrics.error(code);
        conn.send(Messages.error(code, message, doc, clientSeq));
    }

    private void pingAll() {
        long now = System.currentTimeMillis();
        for (ClientConnection conn : connections.values()) {
            if (now - conn.lastPongAt > settings.pongTimeout().toMillis()) {
                log.info("connection {} missed pongs for {}; closing", conn.id, settings.pongTimeout());
                conn.close(CloseStatus.SESSION_NOT_RELIABLE.withReason("ping timeout"));
            } else {
                conn.ping();
            }
        }
    }

    /** Number of open sockets (for tests and metrics). */
    public int connectionCount() {
        return connections.size();
    }

    @Override
    public void start() {
        long every = settings.pingInterval().toMillis();
        hub.scheduler().scheduleWithFixedDelay(this::pingAll, every, every, TimeUnit.MILLISECONDS);
        long recheck = settings.accessRecheck().toMillis();
        hub.scheduler().scheduleWithFixedDelay(this::recheckAll, recheck, recheck, TimeUnit.MILLISECONDS);
        running = true;
    }

    /** Graceful shutdown: flush accepted ops to Kafka, then close every socket with "going away". */
    @Override
    public void stop() {
        running = false;
        try {
            producer.flush();
        } catch (RuntimeException e) {
            log.warn("flushing ops on shutdown failed", e);
        }
        for (ClientConnection conn : connections.values()) {
            conn.close(CloseStatus.GOING_AWAY.withReason("server shutting down"));
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 50; // before the hub and the web server
    }

    static long utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String shortReason(JacksonException e) {
        String m = e.getOriginalMessage();
        return m == null ? "unreadable" : truncate(m);
    }

    private static String truncate(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "…" : s;
    }
}
