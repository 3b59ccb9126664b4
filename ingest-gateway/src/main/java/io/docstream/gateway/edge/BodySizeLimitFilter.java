package io.docstream.gateway.edge;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps REST request bodies at {@code docstream.edge.max-body-bytes}: a declared larger
 * {@code Content-Length} is answered 413 at once; a chunked body is cut off when it passes the cap
 * (the read fails with {@link PayloadTooLargeException}, answered 413 by {@link ApiExceptionHandler}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 30)
public class BodySizeLimitFilter extends OncePerRequestFilter {

    private final long maxBytes;

    public BodySizeLimitFilter(EdgeProperties properties) {
        this.maxBytes = properties.maxBodyBytes();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBytes) {
            ErrorResponses.write(response, 413, ErrorCodes.PAYLOAD_TOO_LARGE, "request body larger than " + maxBytes + " bytes");
            return;
        }
        chain.doFilter(new Capped(request, maxBytes), response);
    }

    /** Thrown by a capped body stream once more than the cap has been read. */
    public static final class PayloadTooLargeException extends IOException {
        public PayloadTooLargeException(long max) {
            super("request body larger than " + max + " bytes");
        }
    }

    private static final class Capped extends HttpServletRequestWrapper {
        private final long max;
        private ServletInputStream stream;

        Capped(HttpServletRequest request, long max) {
            super(request);
            this.max = max;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new CappedStream(super.getInputStream(), max);
            }
            return stream;
        }
    }

    private static final class CappedStream extends ServletInputStream {
        private final ServletInputStream in;
        private final long max;
        private long read;

        CappedStream(ServletInputStream in, long max) {
            this.in = in;
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws IOException {
            read += n;
            if (read > max) {
                throw new PayloadTooLargeException(max);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
