package io.docstream.typeahead.mentions;

/** A user with a role on a document: who can be @-mentioned there. */
public record Collaborator(String userId, String displayName, String email) {}
