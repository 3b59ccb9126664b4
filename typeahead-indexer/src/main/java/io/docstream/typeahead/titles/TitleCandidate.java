package io.docstream.typeahead.titles;

/** A title matching a query, before the permission filter; {@code distance} 0 exact, 1 fuzzy. */
public record TitleCandidate(String docId, String title, int weight, int distance) {}
