package io.docstream.gateway.edge;

import io.docstream.protocol.Json;
import java.io.IOException;
import java.io.Writer;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's last-resort error page as {@link ApiError} JSON instead of HTML. It answers requests
 * that Tomcat refuses before any servlet or filter runs (e.g. an undecodable or {@code %2F}-laden
 * URI), so they too carry a request id and never a stack trace or server version.
 */
public class JsonErrorReportValve extends ErrorReportValve {

    public JsonErrorReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        Object attribute = request.getAttribute(RequestIds.ATTRIBUTE);
        String requestId = attribute instanceof String s ? s : RequestIds.acceptOrGenerate(null);
        String code = switch (status) {
            case 401 -> ErrorCodes.UNAUTHENTICATED;
            case 403 -> ErrorCodes.FORBIDDEN;
            case 404 -> ErrorCodes.NOT_FOUND;
            case 405 -> ErrorCodes.METHOD_NOT_ALLOWED;
            case 413 -> ErrorCodes.PAYLOAD_TOO_LARGE;
            default -> status >= 500 ? ErrorCodes.INTERNAL : ErrorCodes.INVALID_MESSAGE;
        };
        String message = status >= 500 ? "internal error" : "request refused by the server (" + status + ")";
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            response.setHeader(RequestIds.HEADER, requestId);
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(Json.MAPPER.writeValueAsString(new ApiError(code, message, requestId)));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response is unusable: nothing more to say
        }
    }
}
