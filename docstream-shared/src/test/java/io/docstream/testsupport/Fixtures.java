package io.docstream.testsupport;

import io.docstream.auth.AccessTokens;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import javax.sql.DataSource;

/** Rows the integration tests need, written straight to the database. */
public final class Fixtures {

    /** A user with a valid bearer token. */
    public record TestUser(UUID id, String email, String displayName, String token) {}

    private Fixtures() {}

    public static TestUser user(DataSource ds, String name) {
        UUID id = UUID.randomUUID();
        String email = name.toLowerCase() + "-" + id.toString().substring(0, 6) + "@example.test";
        String token = AccessTokens.newToken();
        exec(ds, "INSERT INTO users (id, email, display_name, password_hash) VALUES (?, ?, ?, 'x')", id, email, name);
        exec(ds, "INSERT INTO auth_tokens (token_hash, user_id, expires_at) VALUES (?, ?, ?)",
                AccessTokens.hash(token), id, Timestamp.from(Instant.now().plus(1, ChronoUnit.HOURS)));
        return new TestUser(id, email, name, token);
    }

    /** A document owned by {@code owner}. */
    public static UUID document(DataSource ds, TestUser owner, String title) {
        UUID id = UUID.randomUUID();
        exec(ds, "INSERT INTO documents (id, title, owner_id) VALUES (?, ?, ?)", id, title, owner.id());
        grant(ds, id, owner, "owner");
        return id;
    }

    public static void grant(DataSource ds, UUID doc, TestUser user, String role) {
        exec(ds, "INSERT INTO document_permissions (doc_id, user_id, role) VALUES (?, ?, ?) "
                + "ON CONFLICT (doc_id, user_id) DO UPDATE SET role = EXCLUDED.role", doc, user.id(), role);
    }

    public static void revoke(DataSource ds, UUID doc, TestUser user) {
        exec(ds, "DELETE FROM document_permissions WHERE doc_id = ? AND user_id = ?", doc, user.id());
    }

    public static void exec(DataSource ds, String sql, Object... args) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
