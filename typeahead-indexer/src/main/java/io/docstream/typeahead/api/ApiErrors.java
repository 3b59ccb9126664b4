package io.docstream.typeahead.api;

import io.docstream.protocol.ErrorCode;
import io.docstream.typeahead.mentions.MentionLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** Maps every failure to a clear JSON error; bad input is never a 500. */
@RestControllerAdvice
public class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ApiError> api(ApiException e) {
        return of(e.status(), e.code(), e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
        return of(HttpStatus.BAD_REQUEST, ErrorCode.MALFORMED_JSON, "the request body is not the expected JSON object");
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ApiError> mediaType(HttpMediaTypeNotSupportedException e) {
        return of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ErrorCode.INVALID_MESSAGE, "send Content-Type: application/json");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ApiError> method(HttpRequestMethodNotSupportedException e) {
        return of(HttpStatus.METHOD_NOT_ALLOWED, ErrorCode.INVALID_MESSAGE, e.getMethod() + " is not supported here");
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ApiError> noResource(NoResourceFoundException e) {
        return of(HttpStatus.NOT_FOUND, ErrorCode.NOT_FOUND, "no such endpoint");
    }

    @ExceptionHandler({DataAccessException.class, MentionLoader.MentionsUnavailableException.class, IllegalStateException.class})
    ResponseEntity<ApiError> unavailable(RuntimeException e) {
        log.warn("typeahead request failed: {}", e.toString());
        return of(HttpStatus.SERVICE_UNAVAILABLE, ErrorCode.UNAVAILABLE, "temporarily unavailable, retry later");
    }

    /** A bug, not bad input: logged with its stack trace, answered without internals. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiError> internal(Exception e) {
        log.error("typeahead request failed unexpectedly", e);
        return of(HttpStatus.INTERNAL_SERVER_ERROR, ErrorCode.INTERNAL, "internal error");
    }

    static ResponseEntity<ApiError> of(HttpStatus status, ErrorCode code, String message) {
        return ResponseEntity.status(status).body(new ApiError(code.name(), message));
    }
}
