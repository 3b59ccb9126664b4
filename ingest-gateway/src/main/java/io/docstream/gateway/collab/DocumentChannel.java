package io.docstream.gateway.collab;

import io.docstream.crdt.CrdtException;
import io.docstream.crdt.Rga;
import io.docstream.gateway.documents.Role;
import io.docstream.protocol.CanonicalOp;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One document open on this gateway: a replica at the last delivered {@code seq}, a ring buffer of
 * recent canonical ops, and the members (sockets) that joined it. Every mutation runs on the
 * document's own serial executor, so ops are delivered in seq order, exactly once, with no lock.
 *
 * <p>Live ops come from Redis; anything that arrives out of order is held in {@code pending} and
 * the gap is filled from the Postgres log (Redis pub/sub may drop messages). While the document
 * is loading (snapshot + tail) live ops are buffered and those at or below the loaded seq dropped.
 */
final class DocumentChannel {

    private static final Logger log = LoggerFactory.getLogger(DocumentChannel.class);

    enum State { LOADING, READY, CLOSED }

    private record Member(ClientConnection conn) {}

    final UUID docId;
    final String doc;
    final SerialExecutor exec;
    private final DocumentHub hub;

    private State state = State.LOADING;
    private Rga replica;
    private long seq;
    private final ArrayDeque<CanonicalOp> ring = new ArrayDeque<>();
    private final TreeMap<Long, CanonicalOp> pending = new TreeMap<>();
    private final List<Runnable> afterLoad = new ArrayList<>();
    private final Map<String, Member> members = new LinkedHashMap<>();
    private long gapTarget;
    private boolean gapFillInFlight;
    private long gapSince;
    private int gapAttempts;
    volatile long emptySince = System.currentTimeMillis();

    DocumentChannel(UUID docId, DocumentHub hub) {
        this.docId = docId;
        this.doc = docId.toString();
        this.hub = hub;
        this.exec = new SerialExecutor(hub.actorPool());
    }

    /** Loads snapshot + tail from the log (after the Redis subscription is active). */
    void load() {
        hub.blockingPool().execute(() -> {
            try {
                var snap = hub.opLog().snapshot(docId).orElse(new OpLog.Snapshot(null, 0));
                Rga r = snap.state() == null ? new Rga() : Rga.decode(snap.state());
                long s = snap.seq();
                for (CanonicalOp op : hub.opLog().range(docId, s + 1, Long.MAX_VALUE)) {
                    if (op.seq() != s + 1) {
                        break; // a hole in the log tail: the live path fills it
                    }
                    r.apply(op.op().toOp());
                    s = op.seq();
                }
                Rga loaded = r;
                long loadedSeq = s;
                exec.execute(() -> onLoaded(loaded, loadedSeq));
            } catch (RuntimeException e) {
                log.error("loading document {} failed; retrying", doc, e);
                hub.scheduler().schedule(this::load, 500, TimeUnit.MILLISECONDS);
            }
        });
    }

    private void onLoaded(Rga loaded, long loadedSeq) {
        if (state == State.CLOSED) {
            return;
        }
        replica = loaded;
        seq = loadedSeq;
        ring.clear();
        state = State.READY;
        log.debug("document {} loaded at seq {}", doc, seq);
        drain();
        List<Runnable> waiting = new ArrayList<>(afterLoad);
        afterLoad.clear();
        waiting.forEach(Runnable::run);
        if (!pending.isEmpty()) {
            requestGapFill(pending.firstKey() - 1);
        }
    }

    /** A canonical op from Redis or from the log (any thread). */
    void offer(CanonicalOp op) {
        exec.execute(() -> accept(op));
    }

    private void accept(CanonicalOp op) {
        if (state == State.CLOSED) {
            return;
        }
        if (state == State.LOADING) {
            pending.put(op.seq(), op);
            return;
        }
        if (op.seq() <= seq) {
            return; // duplicate (relay redelivery, or already loaded)
        }
        pending.put(op.seq(), op);
        drain();
        if (!pending.isEmpty()) {
            requestGapFill(pending.firstKey() - 1);
        }
    }

    private void drain() {
        while (!pending.isEmpty()) {
            var first = pending.firstEntry();
            if (first.getKey() <= seq) {
                pending.pollFirstEntry();
            } else if (first.getKey() == seq + 1) {
                pending.pollFirstEntry();
                deliver(first.getValue());
            } else {
                return;
            }
        }
        if (seq >= gapTarget) {
            gapSince = 0;
            gapAttempts = 0;
        }
    }

    private void deliver(CanonicalOp op) {
        try {
            replica.apply(op.op().toOp());
        } catch (CrdtException | IllegalArgumentException e) {
            log.error("canonical op {} of doc {} does not apply to the gateway replica ({}); reloading", op.seq(), doc, e.toString());
            reload();
            return;
        }
        seq = op.seq();
        if (hub.settings().ringBufferSize() > 0) {
            if (ring.size() >= hub.settings().ringBufferSize()) {
                ring.pollFirst();
            }
            ring.addLast(op);
        }
        String opJson = null;
        for (Member m : members.values()) {
            ClientConnection c = m.conn();
            if (c.site == op.site() && hub.gatewayId().equals(op.gatewayId())) {
                c.send(Messages.ack(op));
            } else {
                if (opJson == null) {
                    opJson = Messages.op(op);
                }
                c.send(opJson);
            }
        }
        hub.metrics().delivered(members.size());
    }

    /** The relay says ops up to {@code remoteSeq} exist; fetch what this gateway missed. */
    void checkTail(long remoteSeq) {
        exec.execute(() -> {
            if (state == State.READY && remoteSeq > seq) {
                requestGapFill(remoteSeq);
            }
        });
    }

    private void requestGapFill(long upTo) {
        gapTarget = Math.max(gapTarget, upTo);
        if (gapFillInFlight || state != State.READY || gapTarget <= seq) {
            return;
        }
        if (gapSince == 0) {
            gapSince = System.currentTimeMillis();
        }
        if (System.currentTimeMillis() - gapSince > hub.settings().gapFillMaxWait().toMillis()) {
            log.warn("document {}: ops {}..{} not in the log after {}; reloading", doc, seq + 1, gapTarget, hub.settings().gapFillMaxWait());
            reload();
            return;
        }
        gapFillInFlight = true;
        long from = seq + 1;
        long to = gapTarget;
        long delay = gapAttempts == 0 ? 0 : Math.min(500, 10L << Math.min(gapAttempts, 6));
        gapAttempts++;
        hub.scheduler().schedule(() -> hub.blockingPool().execute(() -> {
            List<CanonicalOp> ops;
            try {
                ops = hub.opLog().range(docId, from, to);
            } catch (RuntimeException e) {
                log.warn("gap fill of doc {} failed: {}", doc, e.toString());
                ops = List.of();
            }
            List<CanonicalOp> found = ops;
            exec.execute(() -> {
                gapFillInFlight = false;
                hub.metrics().gapFilled(found.size());
                for (CanonicalOp op : found) {
                    if (op.seq() > seq) {
                        pending.put(op.seq(), op);
                    }
                }
                drain();
                if (gapTarget > seq) {
                    requestGapFill(gapTarget);
                }
            });
        }), delay, TimeUnit.MILLISECONDS);
    }

    private void reload() {
        state = State.LOADING;
        gapFillInFlight = false;
        gapSince = 0;
        gapAttempts = 0;
        // members stay; they get a fresh full state once loaded
        List<Member> current = new ArrayList<>(members.values());
        members.clear();
        for (Member m : current) {
            Role role = m.conn().docs.get(docId);
            if (role != null) {
                afterLoad.add(() -> join0(m.conn(), role, null));
            }
        }
        load();
    }

    /** Adds a member; it receives the state (or the ops after {@code lastSeq}) and then live ops. */
    void join(ClientConnection conn, Role role, Long lastSeq) {
        exec.execute(() -> {
            switch (state) {
                case CLOSED -> hub.rejoin(conn, docId, role, lastSeq);
                case LOADING -> afterLoad.add(() -> join0(conn, role, lastSeq));
                case READY -> join0(conn, role, lastSeq);
            }
        });
    }

    private void join0(ClientConnection conn, Role role, Long lastSeq) {
        if (!conn.isOpen() || conn.docs.get(docId) == null) {
            return; // left or revoked meanwhile
        }
        members.put(conn.id, new Member(conn));
        long ringFirst = ring.isEmpty() ? seq + 1 : ring.peekFirst().seq();
        if (lastSeq != null && lastSeq <= seq && lastSeq + 1 >= ringFirst) {
            conn.send(Messages.joinedResumed(doc, role.wire(), lastSeq));
            for (CanonicalOp op : ring) {
                if (op.seq() > lastSeq) {
                    conn.send(op.site() == conn.site && hub.gatewayId().equals(op.gatewayId()) ? Messages.ack(op) : Messages.op(op));
                }
            }
        } else {
            String state64 = Base64.getEncoder().encodeToString(replica.encode());
            conn.send(Messages.joinedWithState(doc, role.wire(), seq, state64));
        }
    }

    void leave(ClientConnection conn) {
        exec.execute(() -> {
            members.remove(conn.id);
            if (members.isEmpty()) {
                emptySince = System.currentTimeMillis();
            }
        });
    }

    /** Closes the channel when it has had no members for {@code idleMillis}; true when closed. */
    void closeIfIdle(long idleMillis, Runnable onClosed) {
        exec.execute(() -> {
            if (state != State.CLOSED && members.isEmpty() && afterLoad.isEmpty()
                    && System.currentTimeMillis() - emptySince >= idleMillis) {
                state = State.CLOSED;
                onClosed.run();
            }
        });
    }

    boolean isReady() {
        return state == State.READY;
    }

    /** The delivered seq (for tests and metrics; racy outside the executor). */
    long seq() {
        return seq;
    }
}
