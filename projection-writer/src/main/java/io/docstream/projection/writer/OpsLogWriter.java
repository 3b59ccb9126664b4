package io.docstream.projection.writer;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Appends canonical ops to {@code ops_log} with ONE multi-row statement per batch: the rows travel
 * as seven typed arrays and {@code unnest} turns them back into rows, so a batch of 500 ops is one
 * round trip and one statement to plan. {@code ON CONFLICT (doc_id, seq) DO NOTHING} makes a
 * replayed Kafka batch add no row; the returned count is the number of rows really added.
 */
@Component
public class OpsLogWriter {

    static final String INSERT_SQL = """
            INSERT INTO ops_log (doc_id, seq, op_id, user_id, site, kind, payload)
            SELECT d, s, o, u, si, k, p::jsonb
              FROM unnest(?::uuid[], ?::bigint[], ?::text[], ?::uuid[], ?::int[], ?::text[], ?::text[])
                   AS t(d, s, o, u, si, k, p)
            ON CONFLICT (doc_id, seq) DO NOTHING
            """;

    private final JdbcTemplate jdbc;

    public OpsLogWriter(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts the rows (unique on docId+seq) and returns how many were new. */
    public int append(List<LoggedOp> ops) {
        if (ops.isEmpty()) {
            return 0;
        }
        int n = ops.size();
        UUID[] docs = new UUID[n];
        Long[] seqs = new Long[n];
        String[] opIds = new String[n];
        UUID[] users = new UUID[n];
        Integer[] sites = new Integer[n];
        String[] kinds = new String[n];
        String[] payloads = new String[n];
        for (int i = 0; i < n; i++) {
            LoggedOp op = ops.get(i);
            docs[i] = op.docId();
            seqs[i] = op.seq();
            opIds[i] = op.opId();
            users[i] = op.userId();
            sites[i] = op.site();
            kinds[i] = op.kind();
            payloads[i] = op.payloadJson();
        }
        Integer added = jdbc.execute((Connection con) -> {
            try (PreparedStatement ps = con.prepareStatement(INSERT_SQL)) {
                Array[] arrays = {
                    con.createArrayOf("uuid", docs),
                    con.createArrayOf("int8", seqs),
                    con.createArrayOf("text", opIds),
                    con.createArrayOf("uuid", users),
                    con.createArrayOf("int4", sites),
                    con.createArrayOf("text", kinds),
                    con.createArrayOf("text", payloads)
                };
                for (int i = 0; i < arrays.length; i++) {
                    ps.setArray(i + 1, arrays[i]);
                }
                int count = ps.executeUpdate();
                for (Array a : arrays) {
                    a.free();
                }
                return count;
            }
        });
        return added == null ? 0 : added;
    }
}
