package io.docstream.typeahead.api;

/** The body of every error response. */
public record ApiError(String error, String message) {}
