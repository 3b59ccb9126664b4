package io.docstream.gateway.edge;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Spring Boot's whitelabel {@code /error}: failures that happen outside Spring MVC
 * (container-level rejections, errors in filters) are rendered as {@link ApiError} JSON too,
 * never as HTML or with a stack trace.
 */
@Hidden
@RestController
public class JsonErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    public ResponseEntity<ApiError> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = HttpStatus.resolve(code instanceof Integer i ? i : 500);
        if (status == null) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        String error = switch (status.value()) {
            case 400 -> ErrorCodes.INVALID_MESSAGE;
            case 401 -> ErrorCodes.UNAUTHENTICATED;
            case 403 -> ErrorCodes.FORBIDDEN;
            case 404 -> ErrorCodes.NOT_FOUND;
            case 405 -> ErrorCodes.METHOD_NOT_ALLOWED;
            case 413 -> ErrorCodes.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCodes.UNSUPPORTED_MEDIA_TYPE;
            case 429 -> ErrorCodes.RATE_LIMITED;
            default -> status.is5xxServerError() ? ErrorCodes.INTERNAL : ErrorCodes.INVALID_MESSAGE;
        };
        String message = status.is5xxServerError() ? "internal error" : status.getReasonPhrase().toLowerCase();
        Object id = request.getAttribute(RequestIds.ATTRIBUTE);
        return ResponseEntity.status(status).body(new ApiError(error, message, id instanceof String s ? s : RequestIds.current()));
    }
}
