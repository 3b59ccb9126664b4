package io.docstream.typeahead.trie;

/**
 * One search result: {@code value} (an integer id chosen by the caller) was found under the
 * normalised {@code word} with {@code weight}; {@code distance} is 0 for an exact prefix match
 * and 1 for a fuzzy one.
 */
public record Match(String word, int value, int weight, int distance) {}
