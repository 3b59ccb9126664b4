package io.docstream.gateway.documents;

import java.util.Locale;

/**
 * A user's role on a document (table {@code document_permissions}, stored lower-case).
 * <ul>
 *   <li>VIEWER: read (open the document, receive ops); any op from a viewer is rejected.
 *   <li>EDITOR: read, edit, rename.
 *   <li>OWNER: everything, plus share, unshare and delete. Exactly one per document.
 * </ul>
 */
public enum Role {
    VIEWER, EDITOR, OWNER;

    /** May send ops and rename. */
    public boolean canEdit() {
        return this != VIEWER;
    }

    /** May share, unshare, list collaborators and delete. */
    public boolean canManage() {
        return this == OWNER;
    }

    /** The database and JSON spelling: {@code owner}, {@code editor}, {@code viewer}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role fromWire(String s) {
        return switch (s) {
            case "owner" -> OWNER;
            case "editor" -> EDITOR;
            case "viewer" -> VIEWER;
            default -> throw new IllegalArgumentException("unknown role " + s);
        };
    }
}
