package io.docstream.protocol;

/**
 * Value of topic {@code doc-events} (key: docId): a change to a document's metadata or access,
 * published through the gateway's transactional outbox.
 *
 * @param type    CREATED, RENAMED, SHARED, ROLE_CHANGED, UNSHARED or DELETED
 * @param title   current title (CREATED, RENAMED; may be present on others)
 * @param userId  the user affected (SHARED, ROLE_CHANGED, UNSHARED), else the owner
 * @param role    owner, editor or viewer (CREATED, SHARED, ROLE_CHANGED)
 * @param at      epoch millis of the database commit
 */
public record DocumentEvent(String eventId, String type, String docId, String title, String ownerId,
                            String userId, String role, long at) {

    public static final String CREATED = "CREATED";
    public static final String RENAMED = "RENAMED";
    public static final String SHARED = "SHARED";
    public static final String ROLE_CHANGED = "ROLE_CHANGED";
    public static final String UNSHARED = "UNSHARED";
    public static final String DELETED = "DELETED";
}
