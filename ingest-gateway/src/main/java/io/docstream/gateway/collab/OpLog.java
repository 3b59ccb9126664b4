package io.docstream.gateway.collab;

import io.docstream.protocol.CanonicalOp;
import io.docstream.protocol.Json;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Reads the durable log the projection writer keeps: snapshots and ops by seq. */
@Component
public class OpLog {

    /** The latest snapshot of a document (state may be null: no snapshot yet, seq 0). */
    public record Snapshot(byte[] state, long seq) {}

    private final JdbcTemplate jdbc;

    public OpLog(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    public Optional<Snapshot> snapshot(UUID docId) {
        return jdbc.query("SELECT snapshot, snapshot_seq FROM documents WHERE id = ?",
                (rs, i) -> new Snapshot(rs.getBytes(1), rs.getLong(2)), docId).stream().findFirst();
    }

    /** Ops with {@code fromSeq <= seq <= toSeq}, ascending. */
    public List<CanonicalOp> range(UUID docId, long fromSeq, long toSeq) {
        return jdbc.query("SELECT payload::text FROM ops_log WHERE doc_id = ? AND seq BETWEEN ? AND ? ORDER BY seq",
                (rs, i) -> Json.MAPPER.readValue(rs.getString(1), CanonicalOp.class), docId, fromSeq, toSeq);
    }
}
