package io.docstream.typeahead.access;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessResourceFailureException;

/** Permission checks against {@code document_permissions}; one query per call. */
public final class JdbcPermissions implements Permissions {

    private static final String BULK =
            "SELECT doc_id FROM document_permissions WHERE user_id = ? AND doc_id = ANY(?)";
    private static final String ONE =
            "SELECT 1 FROM document_permissions WHERE user_id = ? AND doc_id = ?";

    private static final String MINE = "SELECT doc_id FROM document_permissions WHERE user_id = ? LIMIT ?";

    private final DataSource dataSource;

    public JdbcPermissions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Set<String> openable(UUID userId, Collection<String> docIds) {
        Map<UUID, String> byUuid = new HashMap<>();
        for (String id : docIds) {
            parse(id).ifPresent(u -> byUuid.put(u, id));
        }
        Set<String> out = new HashSet<>();
        if (byUuid.isEmpty()) {
            return out;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(BULK)) {
            ps.setObject(1, userId);
            Array array = c.createArrayOf("uuid", new ArrayList<>(byUuid.keySet()).toArray());
            ps.setArray(2, array);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(byUuid.get(rs.getObject(1, UUID.class)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("bulk permission check failed", e);
        }
    }

    @Override
    public boolean canOpen(UUID userId, String docId) {
        Optional<UUID> doc = parse(docId);
        if (doc.isEmpty()) {
            return false;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(ONE)) {
            ps.setObject(1, userId);
            ps.setObject(2, doc.get());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("permission check failed", e);
        }
    }

    @Override
    public List<String> openableDocuments(UUID userId, int max) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(MINE)) {
            ps.setObject(1, userId);
            ps.setInt(2, max);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getObject(1, UUID.class).toString());
                }
            }
            return out;
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("listing the caller's documents failed", e);
        }
    }

    /** Document ids are UUIDs; anything else names no document. */
    public static Optional<UUID> parse(String id) {
        if (id == null || id.length() != 36) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

}
