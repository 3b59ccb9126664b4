package io.docstream.gateway.documents;

import io.docstream.gateway.auth.Principal;
import io.docstream.gateway.documents.DocumentsApi.DocumentPage;
import io.docstream.gateway.documents.DocumentsApi.DocumentView;
import io.docstream.gateway.documents.DocumentsApi.PermissionView;
import io.docstream.gateway.edge.ApiException;
import io.docstream.gateway.edge.ErrorCodes;
import io.docstream.gateway.outbox.OutboxWriter;
import io.docstream.protocol.DocumentEvent;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Documents and their permissions. Every change locks the document row first (so changes of one
 * document are serialised and their outbox events are in commit order), checks the caller's role,
 * writes the change and its {@link DocumentEvent} outbox row in one transaction, and - for changes
 * that can take access away - publishes an {@link AccessChange} after the commit.
 *
 * <p>Refusals: no role at all (or no such document) is 404 {@code document not found}, identical
 * either way; a role that is too weak is 403.
 */
@Service
public class DocumentService {

    private static final Logger log = LoggerFactory.getLogger(DocumentService.class);

    public enum Scope { OWNED, SHARED, ALL }

    private final JdbcClient jdbc;
    private final OutboxWriter outbox;
    private final ApplicationEventPublisher events;
    private final PermissionService permissionService;
    private final Clock clock;

    public DocumentService(JdbcClient jdbc, OutboxWriter outbox, ApplicationEventPublisher events,
                           PermissionService permissionService) {
        this.jdbc = jdbc;
        this.permissionService = permissionService;
        this.outbox = outbox;
        this.events = events;
        this.clock = Clock.systemUTC();
    }

    @Transactional
    public DocumentView create(Principal caller, String title) {
        UUID id = UUID.randomUUID();
        String t = title.strip();
        DocumentView view = jdbc.sql("""
                        INSERT INTO documents (id, title, owner_id) VALUES (?, ?, ?)
                        RETURNING id, title, owner_id, 'owner' AS role, created_at, updated_at""")
                .params(id, t, caller.userId())
                .query(DocumentService::view)
                .single();
        jdbc.sql("INSERT INTO document_permissions (doc_id, user_id, role) VALUES (?, ?, 'owner')")
                .params(id, caller.userId())
                .update();
        outbox.append(event(DocumentEvent.CREATED, id, t, caller.userId(), caller.userId(), Role.OWNER));
        log.info("document {} created by {}", id, caller.userId());
        return view;
    }

    @Transactional(readOnly = true)
    public DocumentView get(Principal caller, UUID docId) {
        return jdbc.sql("""
                        SELECT d.id, d.title, d.owner_id, p.role, d.created_at, d.updated_at
                          FROM documents d JOIN document_permissions p ON p.doc_id = d.id AND p.user_id = ?
                         WHERE d.id = ?""")
                .params(caller.userId(), docId)
                .query(DocumentService::view)
                .optional()
                .orElseThrow(ApiException::documentNotFound);
    }

    /** The caller's documents, newest first (created_at, then id: a stable order). */
    @Transactional(readOnly = true)
    public DocumentPage list(Principal caller, Scope scope, int page, int size) {
        String filter = switch (scope) {
            case OWNED -> " AND p.role = 'owner'";
            case SHARED -> " AND p.role <> 'owner'";
            case ALL -> "";
        };
        long total = jdbc.sql("SELECT count(*) FROM document_permissions p WHERE p.user_id = ?" + filter)
                .param(caller.userId())
                .query(Long.class)
                .single();
        List<DocumentView> items = jdbc.sql("""
                        SELECT d.id, d.title, d.owner_id, p.role, d.created_at, d.updated_at
                          FROM document_permissions p JOIN documents d ON d.id = p.doc_id
                         WHERE p.user_id = ?""" + filter + "\n" + """
                         ORDER BY d.created_at DESC, d.id DESC
                         LIMIT ? OFFSET ?""")
                .params(caller.userId(), size, (long) page * size)
                .query(DocumentService::view)
                .list();
        return new DocumentPage(items, page, size, total);
    }

    /** Owner or editor. */
    @Transactional
    public DocumentView rename(Principal caller, UUID docId, String title) {
        Locked doc = lock(caller, docId);
        if (!doc.role().canEdit()) {
            throw ApiException.forbidden("viewers cannot rename");
        }
        String t = title.strip();
        DocumentView view = jdbc.sql("""
                        UPDATE documents SET title = ?, updated_at = now() WHERE id = ?
                        RETURNING id, title, owner_id, ? AS role, created_at, updated_at""")
                .params(t, docId, doc.role().wire())
                .query(DocumentService::view)
                .single();
        outbox.append(event(DocumentEvent.RENAMED, docId, t, doc.ownerId(), caller.userId(), null));
        return view;
    }

    /** Owner only. Everyone loses access (AccessChange DELETED with no user). */
    @Transactional
    public void delete(Principal caller, UUID docId) {
        Locked doc = lock(caller, docId);
        requireOwner(doc, "only the owner can delete");
        jdbc.sql("DELETE FROM documents WHERE id = ?").param(docId).update();
        outbox.append(event(DocumentEvent.DELETED, docId, doc.title(), doc.ownerId(), doc.ownerId(), null));
        events.publishEvent(new AccessChange(docId, null, AccessChange.Change.DELETED));
        log.info("document {} deleted by {}", docId, caller.userId());
    }

    /** The outcome of a share: the permission and whether it was new. */
    public record ShareResult(PermissionView permission, boolean created) {}

    /** Owner only: gives a user a role (editor or viewer), or changes it. */
    @Transactional
    public ShareResult share(Principal caller, UUID docId, String email, Role role) {
        Locked doc = lock(caller, docId);
        requireOwner(doc, "only the owner can share");
        if (role == Role.OWNER) {
            throw ApiException.badRequest("role must be editor or viewer");
        }
        record Target(UUID id, String email, String displayName) {}
        Target target = jdbc.sql("SELECT id, email, display_name FROM users WHERE lower(email) = lower(?)")
                .param(email.strip())
                .query((rs, n) -> new Target(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)))
                .optional()
                .orElseThrow(() -> ApiException.notFound("no user with this email"));
        Optional<Role> current = jdbc.sql("SELECT role FROM document_permissions WHERE doc_id = ? AND user_id = ?")
                .params(docId, target.id())
                .query((rs, n) -> Role.fromWire(rs.getString(1)))
                .optional();
        if (current.isPresent() && current.get() == Role.OWNER) {
            throw ApiException.conflict(ErrorCodes.CONFLICT, "the owner's role cannot be changed");
        }
        OffsetDateTime grantedAt;
        if (current.isEmpty()) {
            grantedAt = jdbc.sql("INSERT INTO document_permissions (doc_id, user_id, role) VALUES (?, ?, ?) RETURNING granted_at")
                    .params(docId, target.id(), role.wire())
                    .query(OffsetDateTime.class)
                    .single();
            outbox.append(event(DocumentEvent.SHARED, docId, doc.title(), doc.ownerId(), target.id(), role));
        } else if (current.get() != role) {
            grantedAt = jdbc.sql("UPDATE document_permissions SET role = ?, granted_at = now() WHERE doc_id = ? AND user_id = ? RETURNING granted_at")
                    .params(role.wire(), docId, target.id())
                    .query(OffsetDateTime.class)
                    .single();
            outbox.append(event(DocumentEvent.ROLE_CHANGED, docId, doc.title(), doc.ownerId(), target.id(), role));
            events.publishEvent(new AccessChange(docId, target.id(), AccessChange.Change.ROLE_CHANGED));
        } else {
            grantedAt = jdbc.sql("SELECT granted_at FROM document_permissions WHERE doc_id = ? AND user_id = ?")
                    .params(docId, target.id())
                    .query(OffsetDateTime.class)
                    .single();
        }
        return new ShareResult(new PermissionView(target.id(), target.email(), target.displayName(), role.wire(),
                grantedAt.toInstant()), current.isEmpty());
    }

    /** Owner only: removes a user's role. */
    @Transactional
    public void unshare(Principal caller, UUID docId, UUID userId) {
        Locked doc = lock(caller, docId);
        requireOwner(doc, "only the owner can unshare");
        if (userId.equals(doc.ownerId())) {
            throw ApiException.conflict(ErrorCodes.CONFLICT, "the owner cannot be removed; delete the document instead");
        }
        int removed = jdbc.sql("DELETE FROM document_permissions WHERE doc_id = ? AND user_id = ?")
                .params(docId, userId)
                .update();
        if (removed == 0) {
            throw ApiException.notFound("this user has no role on the document");
        }
        outbox.append(event(DocumentEvent.UNSHARED, docId, doc.title(), doc.ownerId(), userId, null));
        events.publishEvent(new AccessChange(docId, userId, AccessChange.Change.UNSHARED));
    }

    /** Owner only: everyone with a role, the owner first, then by grant time. */
    @Transactional(readOnly = true)
    public List<PermissionView> permissions(Principal caller, UUID docId) {
        Role role = permissionService.roleOf(caller.userId(), docId).orElseThrow(ApiException::documentNotFound);
        if (!role.canManage()) {
            throw ApiException.forbidden("only the owner can list permissions");
        }
        return jdbc.sql("""
                        SELECT u.id, u.email, u.display_name, p.role, p.granted_at
                          FROM document_permissions p JOIN users u ON u.id = p.user_id
                         WHERE p.doc_id = ?
                         ORDER BY (p.role = 'owner') DESC, p.granted_at, u.id""")
                .param(docId)
                .query((rs, n) -> new PermissionView(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getObject(5, OffsetDateTime.class).toInstant()))
                .list();
    }

    private record Locked(UUID ownerId, String title, Role role) {}

    /** Locks the document row and reads the caller's role; 404 when the caller has none. */
    private Locked lock(Principal caller, UUID docId) {
        return jdbc.sql("""
                        SELECT d.owner_id, d.title, p.role
                          FROM documents d LEFT JOIN document_permissions p ON p.doc_id = d.id AND p.user_id = ?
                         WHERE d.id = ?
                           FOR UPDATE OF d""")
                .params(caller.userId(), docId)
                .query((rs, n) -> new Locked(rs.getObject(1, UUID.class), rs.getString(2),
                        rs.getString(3) == null ? null : Role.fromWire(rs.getString(3))))
                .optional()
                .filter(locked -> locked.role() != null)
                .orElseThrow(ApiException::documentNotFound);
    }

    private static void requireOwner(Locked doc, String message) {
        if (!doc.role().canManage()) {
            throw ApiException.forbidden(message);
        }
    }

    private DocumentEvent event(String type, UUID docId, String title, UUID ownerId, UUID userId, Role role) {
        return new DocumentEvent(UUID.randomUUID().toString(), type, docId.toString(), title, ownerId.toString(),
                userId == null ? null : userId.toString(), role == null ? null : role.wire(), clock.millis());
    }

    private static DocumentView view(ResultSet rs, int n) throws SQLException {
        return new DocumentView(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class),
                rs.getString(4), rs.getObject(5, OffsetDateTime.class).toInstant(),
                rs.getObject(6, OffsetDateTime.class).toInstant());
    }
}
