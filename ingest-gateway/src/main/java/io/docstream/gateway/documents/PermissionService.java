package io.docstream.gateway.documents;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Who may do what on which document. Reads the database on every call (no cache), so answers are
 * current; the WebSocket layer calls it at join time and again when an {@link AccessChange}
 * arrives on Redis channel {@code acl}.
 */
@Service
public class PermissionService {

    private final JdbcClient jdbc;

    public PermissionService(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The user's role on the document; empty when the user has none or the document does not exist. */
    public Optional<Role> roleOf(UUID userId, UUID docId) {
        return jdbc.sql("SELECT role FROM document_permissions WHERE user_id = ? AND doc_id = ?")
                .params(userId, docId)
                .query((rs, n) -> Role.fromWire(rs.getString(1)))
                .optional();
    }

    /**
     * The user's roles on several documents in one query; documents without a role (or that do not
     * exist) are absent from the map.
     */
    public Map<UUID, Role> rolesOf(UUID userId, Collection<UUID> docIds) {
        Map<UUID, Role> roles = new HashMap<>();
        if (docIds.isEmpty()) {
            return roles;
        }
        String array = docIds.stream().map(UUID::toString).collect(Collectors.joining(",", "{", "}"));
        jdbc.sql("SELECT doc_id, role FROM document_permissions WHERE user_id = ? AND doc_id = ANY (?::uuid[])")
                .params(userId, array)
                .query(rs -> {
                    roles.put(rs.getObject(1, UUID.class), Role.fromWire(rs.getString(2)));
                });
        return roles;
    }
}
