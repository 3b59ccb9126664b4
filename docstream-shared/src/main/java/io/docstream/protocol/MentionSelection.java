package io.docstream.protocol;

/**
 * Value of topic {@code mention-selections} (key: docId): user {@code byUserId} picked
 * {@code mentionedUserId} from the @-mention list of document {@code docId}.
 */
public record MentionSelection(String docId, String byUserId, String mentionedUserId, long at) {}
