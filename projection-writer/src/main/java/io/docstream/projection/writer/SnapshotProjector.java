package io.docstream.projection.writer;

import io.docstream.crdt.Rga;
import io.docstream.protocol.Json;
import io.docstream.protocol.WireOp;
import java.sql.PreparedStatement;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps an RGA replica per document (bounded LRU) and writes {@code documents.snapshot} whenever a
 * document's {@code seq} reaches a multiple of {@code snapshot-every}. Runs inside the batch's
 * database transaction, after the batch's rows were inserted, on the consumer thread only.
 *
 * <p>A replica is loaded lazily from the latest snapshot plus the {@code ops_log} tail before the
 * batch's first op of that document, then advanced by each canonical op's CRDT view; ops with
 * {@code seq} at or below the replica's are replays and skipped. If the batch rolls back the
 * caller drops the replicas ({@link #invalidate}), because they moved ahead of the database.
 */
@Component
public class SnapshotProjector {

    private static final Logger log = LoggerFactory.getLogger(SnapshotProjector.class);

    static final String UPDATE_SNAPSHOT_SQL =
            "UPDATE documents SET snapshot = ?, snapshot_seq = ?, updated_at = now() WHERE id = ? AND snapshot_seq < ?";

    /** A document's replica and the seq of the last op it integrated. */
    static final class Replica {
        final Rga rga;
        long seq;

        Replica(Rga rga, long seq) {
            this.rga = rga;
            this.seq = seq;
        }
    }

    private final JdbcTemplate jdbc;
    private final ProjectionMetrics metrics;
    private final int snapshotEvery;
    private final ReplicaCache<UUID, Replica> replicas;

    public SnapshotProjector(JdbcTemplate jdbc, ProjectionMetrics metrics, ProjectionSettings settings) {
        this.jdbc = jdbc;
        this.metrics = metrics;
        this.snapshotEvery = settings.snapshotEvery();
        this.replicas = new ReplicaCache<>(settings.maxCachedDocuments());
    }

    /** Advances the replicas over the batch and writes the snapshots that fell due; returns their number. */
    public int project(Map<UUID, List<LoggedOp>> byDocument) {
        int written = 0;
        for (Map.Entry<UUID, List<LoggedOp>> e : byDocument.entrySet()) {
            if (projectDocument(e.getKey(), e.getValue())) {
                written++;
            }
        }
        return written;
    }

    /** Forgets the replicas of these documents (rebuilt from the database when next needed). */
    public void invalidate(Collection<UUID> docIds) {
        docIds.forEach(replicas::remove);
    }

    public void invalidateAll() {
        replicas.clear();
    }

    int cachedReplicas() {
        return replicas.size();
    }

    private boolean projectDocument(UUID docId, List<LoggedOp> ops) {
        long first = ops.get(0).seq();
        long last = ops.get(ops.size() - 1).seq();
        Replica replica = replicas.get(docId);
        if (replica != null && replica.seq < first - 1) {
            // ops were logged by another instance meanwhile (rebalance): reload from the database
            replicas.remove(docId);
            replica = null;
        }
        if (replica == null) {
            try {
                replica = load(docId, first);
            } catch (RuntimeException ex) {
                log.error("cannot load the replica of doc {} (before seq {}); no snapshot this time", docId, first, ex);
                metrics.applyFailures.increment();
                return false;
            }
            if (replica == null) {
                return false;
            }
            replicas.put(docId, replica);
        }
        long boundary = OpsBatch.lastSnapshotBoundary(replica.seq, last, snapshotEvery);
        byte[] snapshot = null;
        for (LoggedOp op : ops) {
            if (op.seq() <= replica.seq) {
                continue; // replayed record, already integrated
            }
            if (op.seq() != replica.seq + 1) {
                log.warn("doc {}: seq {} follows {} in the log, a gap; replica dropped, no snapshot",
                        docId, op.seq(), replica.seq);
                replicas.remove(docId);
                return false;
            }
            try {
                replica.rga.apply(op.op().op().toOp());
            } catch (RuntimeException ex) {
                log.error("doc {}: cannot apply canonical op seq {} to the snapshot replica; replica dropped",
                        docId, op.seq(), ex);
                metrics.applyFailures.increment();
                replicas.remove(docId);
                return false;
            }
            replica.seq = op.seq();
            if (op.seq() == boundary) {
                snapshot = replica.rga.encode();
            }
        }
        if (snapshot == null) {
            return false;
        }
        int updated = jdbc.update(UPDATE_SNAPSHOT_SQL, snapshot, boundary, docId, boundary);
        if (updated == 0) {
            log.debug("doc {}: snapshot at seq {} not written (document deleted or a newer snapshot exists)",
                    docId, boundary);
            return false;
        }
        metrics.snapshotsWritten.increment();
        return true;
    }

    /**
     * The replica as of the latest snapshot plus the logged ops before {@code beforeSeq}, or
     * {@code null} when the document row does not exist (deleted: its ops are still logged).
     */
    private Replica load(UUID docId, long beforeSeq) {
        List<Replica> base = jdbc.query("SELECT snapshot, snapshot_seq FROM documents WHERE id = ?",
                (rs, i) -> {
                    byte[] bytes = rs.getBytes(1);
                    return bytes == null ? new Replica(new Rga(), 0) : new Replica(Rga.decode(bytes), rs.getLong(2));
                }, docId);
        if (base.isEmpty()) {
            log.debug("doc {} has no documents row (deleted?): ops are logged, no snapshot", docId);
            return null;
        }
        Replica replica = base.get(0);
        jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement(
                    "SELECT seq, payload->'op' FROM ops_log WHERE doc_id = ? AND seq > ? AND seq < ? ORDER BY seq");
            ps.setObject(1, docId);
            ps.setLong(2, replica.seq);
            ps.setLong(3, beforeSeq);
            ps.setFetchSize(1000);
            return ps;
        }, rs -> {
            long seq = rs.getLong(1);
            if (seq != replica.seq + 1) {
                throw new IllegalStateException("ops_log of doc " + docId + " has a gap: seq " + seq
                        + " after " + replica.seq);
            }
            replica.rga.apply(Json.MAPPER.readValue(rs.getString(2), WireOp.class).toOp());
            replica.seq = seq;
        });
        log.debug("doc {}: replica loaded at seq {}", docId, replica.seq);
        return replica;
    }
}
