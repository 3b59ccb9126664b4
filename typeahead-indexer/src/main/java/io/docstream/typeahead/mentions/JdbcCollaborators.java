package io.docstream.typeahead.mentions;

import io.docstream.typeahead.access.JdbcPermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessResourceFailureException;

/** Collaborators are the users with a permission row on the document. */
public final class JdbcCollaborators implements CollaboratorSource {

    private static final String SQL = "SELECT u.id, u.display_name, u.email FROM document_permissions p"
            + " JOIN users u ON u.id = p.user_id WHERE p.doc_id = ? ORDER BY u.id";

    private final DataSource dataSource;

    public JdbcCollaborators(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public List<Collaborator> collaborators(String docId) {
        Optional<UUID> doc = JdbcPermissions.parse(docId);
        List<Collaborator> out = new ArrayList<>();
        if (doc.isEmpty()) {
            return out;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(SQL)) {
            ps.setObject(1, doc.get());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Collaborator(rs.getObject(1, UUID.class).toString(), rs.getString(2), rs.getString(3)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("collaborator load failed for " + docId, e);
        }
    }
}
