package io.docstream.gateway.edge;

import io.docstream.protocol.Json;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.MediaType;

/** Writes an {@link ApiError} body directly (for filters, which run outside Spring MVC). */
public final class ErrorResponses {

    private ErrorResponses() {}

    public static void write(HttpServletResponse response, int status, String code, String message) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(Json.MAPPER.writeValueAsBytes(new ApiError(code, message, RequestIds.current())));
        response.flushBuffer();
    }
}
