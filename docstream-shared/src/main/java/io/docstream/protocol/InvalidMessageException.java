package io.docstream.protocol;

/** A message that does not have the documented shape; the text says what is wrong. */
public class InvalidMessageException extends RuntimeException {
    public InvalidMessageException(String message) {
        super(message);
    }
}
