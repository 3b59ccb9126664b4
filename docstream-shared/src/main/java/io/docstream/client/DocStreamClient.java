package io.docstream.client;

import io.docstream.crdt.Op;
import io.docstream.crdt.Rga;
import io.docstream.protocol.Json;
import io.docstream.protocol.WireOp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Java client of the collaboration protocol (docs/protocol.md) with its own RGA replica per
 * joined document: local edits apply at once and are sent as ops; remote ops are integrated as
 * they arrive in seq order; acks advance the client's last seq. On reconnect it resumes its site,
 * rejoins every document with its last seq and resends unacknowledged ops (the processor drops
 * duplicates by site and clientSeq). Used by the tests and the load generator.
 */
public final class DocStreamClient implements AutoCloseable {

    /** One joined document as this client sees it. */
    public static final class Doc {
        final String id;
        Rga replica = new Rga();
        long seq = -1;
        String role;
        boolean joined;
        String leftReason;
        final List<Pending> pending = new ArrayList<>();
        final Map<Integer, JsonNode> presence = new java.util.TreeMap<>();
        final Map<Integer, JsonNode> cursors = new java.util.HashMap<>();

        Doc(String id) {
            this.id = id;
        }
    }

    record Pending(long clientSeq, WireOp op) {}

    /** A server message as received, with the receive time (nanoTime) for latency measurements. */
    public record Received(JsonNode message, long receivedNanos) {}

    private final HttpClient http;
    private volatile URI endpoint;
    private final String token;
    private final Map<String, Doc> docs = new ConcurrentHashMap<>();
    private final List<JsonNode> errors = new CopyOnWriteArrayList<>();
    private final List<Consumer<Received>> listeners = new CopyOnWriteArrayList<>();
    private volatile WebSocket ws;
    private volatile int site = -1;
    private volatile String userId;
    private long clientSeq;
    private CompletableFuture<?> sendChain = CompletableFuture.completedFuture(null);
    private volatile CompletableFuture<Void> welcomed = new CompletableFuture<>();
    private volatile boolean closedByServer;
    private volatile int closeCode = -1;

    private DocStreamClient(HttpClient http, URI endpoint, String token) {
        this.http = http;
        this.endpoint = endpoint;
        this.token = token;
    }

    /** Connects to {@code ws://host:port/ws} with a bearer token and waits for the welcome. */
    public static DocStreamClient connect(URI endpoint, String token) {
        return connect(HttpClient.newHttpClient(), endpoint, token);
    }

    /** As {@link #connect(URI, String)}, sharing one HttpClient (and its threads) among many sockets. */
    public static DocStreamClient connect(HttpClient http, URI endpoint, String token) {
        DocStreamClient c = new DocStreamClient(http, endpoint, token);
        c.open(null);
        return c;
    }

    private void open(Integer resumeSite) {
        welcomed = new CompletableFuture<>();
        closedByServer = false;
        URI uri = resumeSite == null ? endpoint : URI.create(endpoint + (endpoint.getQuery() == null ? "?" : "&") + "site=" + resumeSite);
        ws = http.newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, new Listener())
                .join();
        synchronized (this) {
            sendChain = CompletableFuture.completedFuture(null);
        }
        welcomed.orTimeout(10, TimeUnit.SECONDS).join();
    }

    public int site() {
        return site;
    }

    public String userId() {
        return userId;
    }

    /** Joins a document (asynchronously; see {@link #isJoined}). */
    public void join(String docId) {
        Doc d = docs.computeIfAbsent(docId, Doc::new);
        ObjectNode m = Json.MAPPER.createObjectNode().put("type", "join").put("doc", docId);
        synchronized (this) {
            if (d.seq >= 0) {
                m.put("lastSeq", d.seq);
            }
        }
        sendRaw(m.toString());
    }

    public void leave(String docId) {
        sendRaw(Json.MAPPER.createObjectNode().put("type", "leave").put("doc", docId).toString());
    }

    /** Local insert; returns the clientSeq of the op sent. */
    public synchronized long insert(String docId, int index, String text) {
        Doc d = requireJoined(docId);
        Op.Insert op = d.replica.insert(site, index, text);
        return sendOp(d, WireOp.of(op));
    }

    /** Local delete; returns the clientSeq of the op sent (or -1 when nothing was deleted). */
    public synchronized long delete(String docId, int index, int length) {
        Doc d = requireJoined(docId);
        if (length <= 0) {
            return -1;
        }
        Op.Delete op = d.replica.delete(index, length);
        return sendOp(d, WireOp.of(op));
    }

    /**
     * Applies a ready-made op of this client's site locally and sends it (trace replays compute
     * ops elsewhere). The op's dependencies must already be in the local replica.
     */
    public synchronized long sendOp(String docId, Op op) {
        Doc d = requireJoined(docId);
        d.replica.apply(op);
        return sendOp(d, WireOp.of(op));
    }

    /** True when every element {@code op} refers to is in the local replica. */
    public synchronized boolean isReady(String docId, Op op) {
        Doc d = docs.get(docId);
        return d != null && d.joined && d.replica.isReady(op);
    }

    /** Waits (without polling) until {@link #isReady} holds. */
    public synchronized void awaitReady(String docId, Op op, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!isReady(docId, op)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("timed out waiting for the dependencies of " + op + " in " + docId);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Waits (without polling) until the client has seen {@code seq} of the document and has no pending op. */
    public synchronized void awaitSettled(String docId, long seq, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (seq(docId) < seq || pendingCount(docId) > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("timed out: doc " + docId + " at seq " + seq(docId) + " (want " + seq
                        + "), pending " + pendingCount(docId) + ", errors " + errors);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /**
     * Publishes this client's caret (and selection when {@code head != anchor}) as element ids: the
     * element left of the position, or null at the start — so it stays on its character whatever
     * others type before it.
     */
    public synchronized void setSelection(String docId, int anchor, int head) {
        Doc d = requireJoined(docId);
        ObjectNode m = Json.MAPPER.createObjectNode().put("type", "cursor").put("doc", docId);
        m.set("anchor", anchorOf(d.replica, anchor));
        if (head != anchor) {
            m.set("head", anchorOf(d.replica, head));
        }
        sendRaw(m.toString());
    }

    public void setCursor(String docId, int index) {
        setSelection(docId, index, index);
    }

    public void setAwareness(String docId, String stateJson) {
        ObjectNode m = Json.MAPPER.createObjectNode().put("type", "awareness").put("doc", docId);
        m.set("state", Json.MAPPER.readTree(stateJson));
        sendRaw(m.toString());
    }

    private static ObjectNode anchorOf(Rga r, int index) {
        ObjectNode a = Json.MAPPER.createObjectNode();
        if (index == 0) {
            a.putNull("id");
        } else {
            io.docstream.crdt.Id id = r.idAt(index - 1);
            a.putArray("id").add(id.counter()).add(id.site());
        }
        return a;
    }

    /** Position (gap index) of another member's caret in this client's replica, or -1. */
    public synchronized int cursorIndex(String docId, int site) {
        return cursorPart(docId, site, "anchor");
    }

    /** The other end of another member's selection, or its caret when it has no selection. */
    public synchronized int selectionHeadIndex(String docId, int site) {
        Doc d = docs.get(docId);
        JsonNode c = d == null ? null : d.cursors.get(site);
        return c != null && c.has("head") ? cursorPart(docId, site, "head") : cursorIndex(docId, site);
    }

    private int cursorPart(String docId, int site, String part) {
        Doc d = docs.get(docId);
        JsonNode c = d == null ? null : d.cursors.get(site);
        if (c == null) {
            return -1;
        }
        JsonNode id = c.path(part).path("id");
        if (id.isNull() || id.isMissingNode()) {
            return 0;
        }
        io.docstream.crdt.Id elem = new io.docstream.crdt.Id(id.get(0).asInt(), id.get(1).asInt());
        int i = d.replica.indexOf(elem);
        if (i < 0) {
            return -1;
        }
        // right after a visible element; a deleted one leaves the caret where it was (before the next)
        return i < d.replica.length() && elem.equals(d.replica.idAt(i)) ? i + 1 : i;
    }

    /** Members of the document by site (JSON: site, userId, name, color, awareness). */
    public synchronized Map<Integer, JsonNode> presence(String docId) {
        Doc d = docs.get(docId);
        return d == null ? Map.of() : new java.util.TreeMap<>(d.presence);
    }

    /** Sends an arbitrary message (tests use it for malformed or hostile input). */
    public void sendRaw(String text) {
        synchronized (this) {
            WebSocket socket = ws;
            sendChain = sendChain.handle((v, e) -> null).thenCompose(v -> socket.sendText(text, true));
        }
    }

    private long sendOp(Doc d, WireOp op) {
        long cs = ++clientSeq;
        d.pending.add(new Pending(cs, op));
        sendRaw(opMessage(d.id, cs, op));
        return cs;
    }

    private static String opMessage(String doc, long cs, WireOp op) {
        ObjectNode m = Json.MAPPER.createObjectNode().put("type", "op").put("doc", doc).put("clientSeq", cs);
        m.set("op", Json.MAPPER.valueToTree(op));
        return m.toString();
    }

    private Doc requireJoined(String docId) {
        Doc d = docs.get(docId);
        if (d == null || !d.joined) {
            throw new IllegalStateException("document " + docId + " is not joined");
        }
        return d;
    }

    public synchronized String text(String docId) {
        Doc d = docs.get(docId);
        return d == null ? null : d.replica.text();
    }

    public synchronized long seq(String docId) {
        Doc d = docs.get(docId);
        return d == null ? -1 : d.seq;
    }

    public synchronized boolean isJoined(String docId) {
        Doc d = docs.get(docId);
        return d != null && d.joined;
    }

    public synchronized String role(String docId) {
        Doc d = docs.get(docId);
        return d == null ? null : d.role;
    }

    /** Why the server removed this client from the document (ACCESS_REVOKED, ...), or null. */
    public synchronized String leftReason(String docId) {
        Doc d = docs.get(docId);
        return d == null ? null : d.leftReason;
    }

    public synchronized int pendingCount(String docId) {
        Doc d = docs.get(docId);
        return d == null ? 0 : d.pending.size();
    }

    public List<JsonNode> errors() {
        return List.copyOf(errors);
    }

    public boolean isOpen() {
        WebSocket w = ws;
        return w != null && !w.isInputClosed() && !w.isOutputClosed() && !closedByServer;
    }

    public int closeCode() {
        return closeCode;
    }

    public void addListener(Consumer<Received> listener) {
        listeners.add(listener);
    }

    /** Drops the socket abruptly (no close handshake), as a network failure would. */
    public void dropConnection() {
        ws.abort();
    }

    /** As {@link #reconnect()}, to another gateway (e.g. after this one died). */
    public void reconnectTo(URI otherGateway) {
        this.endpoint = otherGateway;
        reconnect();
    }

    /** Reconnects with the same site, rejoins every document from its last seq, resends pending ops. */
    public void reconnect() {
        if (isOpen()) {
            ws.abort();
        }
        open(site);
        synchronized (this) {
            for (Doc d : docs.values()) {
                if (d.leftReason != null) {
                    continue;
                }
                d.joined = false;
                join(d.id);
            }
        }
    }

    private synchronized void onMessage(JsonNode m, long now) {
        String type = m.path("type").asString("");
        switch (type) {
            case "welcome" -> {
                site = m.path("site").asInt();
                userId = m.path("userId").asString();
                welcomed.complete(null);
            }
            case "joined" -> onJoined(m);
            case "op" -> {
                Doc d = docs.get(m.path("doc").asString());
                if (d != null && d.joined) {
                    long s = m.path("seq").asLong();
                    if (s == d.seq + 1) {
                        WireOp wire = Json.MAPPER.treeToValue(m.get("op"), WireOp.class);
                        d.replica.apply(wire.toOp());
                        d.seq = s;
                        if (m.path("site").asInt() == site) {
                            long cs = m.path("clientSeq").asLong();
                            d.pending.removeIf(p -> p.clientSeq() <= cs);
                        }
                    } else if (s > d.seq + 1) {
                        errors.add(Json.MAPPER.createObjectNode().put("type", "client-gap").put("doc", d.id)
                                .put("expected", d.seq + 1).put("got", s));
                    }
                }
            }
            case "ack" -> {
                Doc d = docs.get(m.path("doc").asString());
                if (d != null && d.joined) {
                    long s = m.path("seq").asLong();
                    if (s == d.seq + 1) {
                        d.seq = s;
                    } else if (s > d.seq + 1) {
                        errors.add(Json.MAPPER.createObjectNode().put("type", "client-gap").put("doc", d.id)
                                .put("expected", d.seq + 1).put("got", s));
                    }
                    long cs = m.path("clientSeq").asLong();
                    d.pending.removeIf(p -> p.clientSeq() <= cs);
                }
            }
            case "left" -> {
                Doc d = docs.get(m.path("doc").asString());
                if (d != null) {
                    d.joined = false;
                    d.leftReason = m.path("reason").asString();
                }
            }
            case "role" -> {
                Doc d = docs.get(m.path("doc").asString());
                if (d != null) {
                    d.role = m.path("role").asString();
                }
            }
            case "error" -> errors.add(m);
            case "presence-list" -> {
                Doc d = docs.computeIfAbsent(m.path("doc").asString(), Doc::new);
                d.presence.clear();
                for (JsonNode member : m.path("members")) {
                    d.presence.put(member.path("site").asInt(), member);
                }
            }
            case "presence" -> {
                Doc d = docs.computeIfAbsent(m.path("doc").asString(), Doc::new);
                JsonNode member = m.path("member");
                int s = member.path("site").asInt();
                if ("leave".equals(m.path("event").asString())) {
                    d.presence.remove(s);
                    d.cursors.remove(s);
                } else {
                    d.presence.put(s, member);
                }
            }
            case "cursor" -> {
                Doc d = docs.computeIfAbsent(m.path("doc").asString(), Doc::new);
                d.cursors.put(m.path("site").asInt(), m);
            }
            default -> { }
        }
        notifyAll();
        Received r = new Received(m, now);
        for (Consumer<Received> l : listeners) {
            l.accept(r);
        }
    }

    private void onJoined(JsonNode m) {
        Doc d = docs.computeIfAbsent(m.path("doc").asString(), Doc::new);
        d.role = m.path("role").asString();
        d.leftReason = null;
        if (m.hasNonNull("state")) {
            Rga fresh = Rga.decode(Base64.getDecoder().decode(m.get("state").asString()));
            // our unacknowledged ops may not be in the server's state yet: keep them locally
            for (Pending p : d.pending) {
                Op op = p.op().toOp();
                if (fresh.isReady(op)) {
                    fresh.apply(op);
                }
            }
            d.replica = fresh;
            d.seq = m.path("seq").asLong();
        } else {
            d.seq = m.path("seq").asLong();
        }
        d.joined = true;
        for (Pending p : d.pending) {
            sendRaw(opMessage(d.id, p.clientSeq(), p.op()));
        }
    }

    @Override
    public void close() {
        WebSocket w = ws;
        if (w != null && !w.isOutputClosed()) {
            try {
                w.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                w.abort();
            }
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder buffer = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            buffer.append(data);
            if (last) {
                String text = buffer.toString();
                buffer.setLength(0);
                try {
                    onMessage(Json.MAPPER.readTree(text), System.nanoTime());
                } catch (RuntimeException e) {
                    errors.add(Json.MAPPER.createObjectNode().put("type", "client-exception").put("message", e.toString()));
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closedByServer = true;
            closeCode = statusCode;
            // refused before the welcome (e.g. too many sockets): connect() fails with the reason
            welcomed.completeExceptionally(new IllegalStateException(
                    "the server closed the socket: " + statusCode + " " + reason + ", errors " + errors));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closedByServer = true;
            welcomed.completeExceptionally(error);
        }
    }
}
