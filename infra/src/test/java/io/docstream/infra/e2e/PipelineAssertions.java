package io.docstream.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.docstream.crdt.Rga;
import io.docstream.protocol.CanonicalOp;
import io.docstream.protocol.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/** Checks of the durable side of the pipeline: the ops log and the snapshots in PostgreSQL. */
final class PipelineAssertions {

    private PipelineAssertions() {}

    static List<CanonicalOp> opsLog(DataSource ds, UUID doc) {
        List<CanonicalOp> out = new ArrayList<>();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT payload::text FROM ops_log WHERE doc_id = ? ORDER BY seq")) {
            ps.setObject(1, doc);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(Json.MAPPER.readValue(rs.getString(1), CanonicalOp.class));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /**
     * Waits until the log holds exactly seq 1..n of {@code doc} (no gap, no duplicate — the primary
     * key forbids duplicates of a seq, and the op ids must be distinct too) and returns the text the
     * log's index views produce, checked against the CRDT views and the latest snapshot.
     */
    static String awaitLogComplete(DataSource ds, UUID doc, long n) {
        await().atMost(Duration.ofSeconds(120)).until(() -> opsLog(ds, doc).size() >= n);
        List<CanonicalOp> log = opsLog(ds, doc);
        assertThat(log).hasSize((int) n);
        for (int i = 0; i < log.size(); i++) {
            assertThat(log.get(i).seq()).isEqualTo(i + 1);
        }
        assertThat(log.stream().map(CanonicalOp::opId).distinct().count()).isEqualTo(n);
        String byIndex = "";
        Rga byCrdt = new Rga();
        for (CanonicalOp op : log) {
            byIndex = op.index().applyTo(byIndex);
            byCrdt.apply(op.op().toOp());
        }
        assertThat(byCrdt.text()).isEqualTo(byIndex);
        return byIndex;
    }

    /** The latest snapshot plus the log tail after it gives {@code expected}. */
    static void assertSnapshotConsistent(DataSource ds, UUID doc, String expected) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT snapshot, snapshot_seq FROM documents WHERE id = ?")) {
            ps.setObject(1, doc);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                byte[] snap = rs.getBytes(1);
                long seq = rs.getLong(2);
                Rga r = snap == null ? new Rga() : Rga.decode(snap);
                for (CanonicalOp op : opsLog(ds, doc)) {
                    if (op.seq() > seq) {
                        r.apply(op.op().toOp());
                    }
                }
                assertThat(r.text()).isEqualTo(expected);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
