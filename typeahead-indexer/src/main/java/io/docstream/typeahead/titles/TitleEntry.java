package io.docstream.typeahead.titles;

/** A document as the title index knows it; {@code weight} ranks it (recency of its title). */
public record TitleEntry(String docId, String title, int weight) {}
