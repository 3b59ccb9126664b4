package io.docstream.typeahead.api;

import io.docstream.protocol.ErrorCode;
import org.springframework.http.HttpStatus;

/** An error answered as {@code {"error": CODE, "message": ...}} with {@code status}. */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final ErrorCode code;

    public ApiException(HttpStatus status, ErrorCode code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public HttpStatus status() {
        return status;
    }

    public ErrorCode code() {
        return code;
    }

    static ApiException invalid(String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, ErrorCode.INVALID_MESSAGE, message);
    }

    static ApiException notFound() {
        return new ApiException(HttpStatus.NOT_FOUND, ErrorCode.NOT_FOUND, "no such document");
    }
}
