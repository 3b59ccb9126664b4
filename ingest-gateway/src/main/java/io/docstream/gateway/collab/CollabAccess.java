package io.docstream.gateway.collab;

import io.docstream.auth.AccessTokens;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the WebSocket layer needs from accounts and permissions: who a token belongs to, which
 * role a user has on a document, and site ids for RGA element ids.
 */
@Component
public class CollabAccess {

    /** A role on a document. */
    public enum Role {
        VIEWER, EDITOR, OWNER;

        public boolean canEdit() {
            return this != VIEWER;
        }

        public String wire() {
            return name().toLowerCase();
        }

        static Role parse(String s) {
            return Role.valueOf(s.toUpperCase());
        }
    }

    /** The authenticated user of a connection. */
    public record User(UUID id, String displayName) {}

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;

    public CollabAccess(DataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    public Optional<User> authenticate(String token) {
        return AccessTokens.verify(dataSource, token).flatMap(id -> jdbc
                .query("SELECT display_name FROM users WHERE id = ?", (rs, i) -> new User(id, rs.getString(1)), id)
                .stream().findFirst());
    }

    public Optional<Role> roleOf(UUID userId, UUID docId) {
        return jdbc.query("SELECT role FROM document_permissions WHERE doc_id = ? AND user_id = ?",
                (rs, i) -> Role.parse(rs.getString(1)), docId, userId).stream().findFirst();
    }

    /** A fresh site id owned by {@code userId}. */
    @Transactional
    public int newSite(UUID userId) {
        Integer site = jdbc.queryForObject("SELECT nextval('site_ids')::int", Integer.class);
        jdbc.update("INSERT INTO sites (site_id, user_id) VALUES (?, ?)", site, userId);
        return site;
    }

    /** {@code site} when it exists and belongs to {@code userId} (a reconnecting client resumes it). */
    public OptionalInt ownedSite(UUID userId, int site) {
        Integer n = jdbc.queryForObject("SELECT count(*) FROM sites WHERE site_id = ? AND user_id = ?",
                Integer.class, site, userId);
        return n != null && n > 0 ? OptionalInt.of(site) : OptionalInt.empty();
    }
}
