package io.docstream.gateway.edge;

import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/** Request ids: kept from the caller when sane, else generated; held in the MDC under {@link #MDC_KEY}. */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";
    /** Request attribute holding the id (survives error dispatches, where the MDC may be gone). */
    public static final String ATTRIBUTE = RequestIds.class.getName() + ".id";

    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{8,64}");

    private RequestIds() {}

    /** The caller's id when it is 8..64 characters of {@code [A-Za-z0-9._:-]}, else a new UUID. */
    public static String acceptOrGenerate(String fromCaller) {
        if (fromCaller != null && SANE.matcher(fromCaller).matches()) {
            return fromCaller;
        }
        return UUID.randomUUID().toString();
    }

    /** The id of the request being handled on this thread, or null. */
    public static String current() {
        return MDC.get(MDC_KEY);
    }
}
