package io.docstream.typeahead.access;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Who may open which document: any role (owner, editor, viewer) on it. */
public interface Permissions {

    /** The subset of {@code docIds} that {@code userId} may open, in one round trip. */
    Set<String> openable(UUID userId, Collection<String> docIds);

    boolean canOpen(UUID userId, String docId);

    /** Up to {@code max} documents that {@code userId} may open, in one round trip. */
    List<String> openableDocuments(UUID userId, int max);
}
