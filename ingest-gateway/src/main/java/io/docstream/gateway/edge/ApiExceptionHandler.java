package io.docstream.gateway.edge;

import jakarta.servlet.http.HttpServletRequest;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;

/**
 * Renders every failure of a REST handler as {@link ApiError} JSON with the right status: bad
 * input is a 4xx, never a 500, and no response ever carries a stack trace or exception class.
 */
@RestControllerAdvice
public class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ApiException.class)
    public ResponseEntity<ApiError> api(ApiException e) {
        return body(e.status(), e.code(), e.getMessage());
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    public ResponseEntity<ApiError> invalid(MethodArgumentNotValidException e) {
        String message = e.getBindingResult().getFieldErrors().stream()
                .map(ApiExceptionHandler::describe)
                .sorted()
                .collect(Collectors.joining("; "));
        if (message.isEmpty()) {
            message = "invalid request";
        }
        return body(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_MESSAGE, message);
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    public ResponseEntity<ApiError> invalidParameters(HandlerMethodValidationException e) {
        String message = e.getParameterValidationResults().stream()
                .map(r -> r.getMethodParameter().getParameterName() + ": "
                        + r.getResolvableErrors().stream().map(err -> err.getDefaultMessage()).collect(Collectors.joining(", ")))
                .collect(Collectors.joining("; "));
        return body(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_MESSAGE, message);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    public ResponseEntity<ApiError> typeMismatch(MethodArgumentTypeMismatchException e) {
        return body(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_MESSAGE, "invalid value for '" + e.getName() + "'");
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    public ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof BodySizeLimitFilter.PayloadTooLargeException) {
                return body(HttpStatus.CONTENT_TOO_LARGE, ErrorCodes.PAYLOAD_TOO_LARGE, t.getMessage());
            }
        }
        if (cause instanceof DatabindException de && !(cause instanceof tools.jackson.core.exc.StreamReadException)) {
            String path = de.getPath().stream()
                    .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            return body(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_MESSAGE,
                    path.isEmpty() ? "request body has the wrong shape" : "invalid value for '" + path + "'");
        }
        if (cause instanceof JacksonException) {
            return body(HttpStatus.BAD_REQUEST, ErrorCodes.MALFORMED_JSON, "request body is not valid JSON (UTF-8)");
        }
        return body(HttpStatus.BAD_REQUEST, ErrorCodes.MALFORMED_JSON, "a JSON request body is required");
    }

    @ExceptionHandler(BodySizeLimitFilter.PayloadTooLargeException.class)
    public ResponseEntity<ApiError> tooLarge(BodySizeLimitFilter.PayloadTooLargeException e) {
        return body(HttpStatus.CONTENT_TOO_LARGE, ErrorCodes.PAYLOAD_TOO_LARGE, e.getMessage());
    }

    @ExceptionHandler(NoResourceFoundException.class)
    public ResponseEntity<ApiError> noResource(NoResourceFoundException e) {
        return body(HttpStatus.NOT_FOUND, ErrorCodes.NOT_FOUND, "no such endpoint");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    public ResponseEntity<ApiError> method(HttpRequestMethodNotSupportedException e) {
        return body(HttpStatus.METHOD_NOT_ALLOWED, ErrorCodes.METHOD_NOT_ALLOWED, "method " + e.getMethod() + " not allowed here");
    }

    @ExceptionHandler(HttpMediaTypeException.class)
    public ResponseEntity<ApiError> mediaType(HttpMediaTypeException e) {
        return body(e.getStatusCode(), ErrorCodes.UNSUPPORTED_MEDIA_TYPE,
                "use Content-Type and Accept application/json");
    }

    /** Anything else; Spring MVC exceptions that know their status (missing parameter, ...) keep it. */
    @ExceptionHandler(Exception.class)
    public ResponseEntity<ApiError> unexpected(Exception e, HttpServletRequest request) {
        if (e instanceof ErrorResponse er && !er.getStatusCode().is5xxServerError()) {
            HttpStatusCode status = er.getStatusCode();
            String code = switch (status.value()) {
                case 401 -> ErrorCodes.UNAUTHENTICATED;
                case 403 -> ErrorCodes.FORBIDDEN;
                case 404 -> ErrorCodes.NOT_FOUND;
                default -> ErrorCodes.INVALID_MESSAGE;
            };
            return body(status, code, "bad request");
        }
        log.error("unexpected failure of {} {}", request.getMethod(), request.getRequestURI(), e);
        return body(HttpStatus.INTERNAL_SERVER_ERROR, ErrorCodes.INTERNAL, "internal error");
    }

    static ResponseEntity<ApiError> body(HttpStatusCode status, String code, String message) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON);
        if (status.value() == HttpStatus.UNAUTHORIZED.value()) {
            builder.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return builder.body(new ApiError(code, message, RequestIds.current()));
    }

    private static String describe(FieldError error) {
        return error.getField() + ": " + error.getDefaultMessage();
    }
}
