package io.docstream.projection.replay;

import io.docstream.protocol.IndexView;
import io.docstream.protocol.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.NoSuchElementException;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Time travel over the PostgreSQL {@code ops_log}: the text of a document at any {@code seq}.
 *
 * <p>Only the latest snapshot of a document is kept, so an older state cannot start from a
 * snapshot: it is rebuilt from seq 1 by replaying the ops' index views as plain-text patches. The
 * rows are streamed with a server-side cursor (fetch size {@value #FETCH_SIZE}), so memory stays at
 * one document plus one fetch, whatever the history length. No CRDT is needed, which is also what
 * an analyst without the engine does (docs/analytics.md).
 */
public final class DocumentHistory {

    static final int FETCH_SIZE = 1000;

    private final DataSource dataSource;

    public DocumentHistory(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * The visible text of {@code docId} right after the op with sequence number {@code seq} (0 =
     * the empty document).
     *
     * @throws NoSuchElementException when the log of the document ends before {@code seq}
     * @throws IllegalStateException  when the log has a gap or a patch does not fit the text
     */
    public String textAt(UUID docId, long seq) {
        if (seq < 0) {
            throw new IllegalArgumentException("seq must be >= 0: " + seq);
        }
        PlainTextDocument doc = new PlainTextDocument();
        long reached = 0;
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false); // PostgreSQL streams with a cursor only inside a transaction
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT seq, payload->'index' FROM ops_log WHERE doc_id = ? AND seq <= ? ORDER BY seq")) {
                ps.setFetchSize(FETCH_SIZE);
                ps.setObject(1, docId);
                ps.setLong(2, seq);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long s = rs.getLong(1);
                        if (s != reached + 1) {
                            throw new IllegalStateException("ops_log of doc " + docId + " has a gap: seq " + s
                                    + " follows " + reached);
                        }
                        IndexView patch = Json.MAPPER.readValue(rs.getString(2), IndexView.class);
                        try {
                            doc.apply(patch);
                        } catch (IllegalArgumentException e) {
                            throw new IllegalStateException("doc " + docId + " seq " + s + ": " + e.getMessage(), e);
                        }
                        reached = s;
                    }
                }
            } finally {
                c.rollback();
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading ops_log of doc " + docId + " failed", e);
        }
        if (reached < seq) {
            throw new NoSuchElementException("ops_log of doc " + docId + " ends at seq " + reached
                    + ", before seq " + seq);
        }
        return doc.text();
    }

    /** The highest logged seq of the document (0 when it has no op). */
    public long latestSeq(UUID docId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT coalesce(max(seq), 0) FROM ops_log WHERE doc_id = ?")) {
            ps.setObject(1, docId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading ops_log of doc " + docId + " failed", e);
        }
    }
}
