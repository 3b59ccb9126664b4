package io.docstream.typeahead.mentions;

/** A mention suggestion; {@code score} is how often this user was picked in this document. */
public record Mention(String userId, String displayName, String email, long score, int distance) {}
