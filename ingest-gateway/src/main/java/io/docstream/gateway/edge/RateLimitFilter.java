package io.docstream.gateway.edge;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Per-IP rate limit on the REST API ({@code /api/**}): over budget answers 429 with
 * {@code Retry-After} (seconds) and a JSON {@code RATE_LIMITED} error. The client IP is the
 * servlet remote address (behind a proxy, set {@code server.forward-headers-strategy}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class RateLimitFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(RateLimitFilter.class);

    private final RateLimiters limiters;

    public RateLimitFilter(RateLimiters limiters) {
        this.limiters = limiters;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        RateLimiters.Decision decision = limiters.tryConsumeRest(request.getRemoteAddr());
        if (!decision.allowed()) {
            log.info("rate limited {} {} {}", request.getRemoteAddr(), request.getMethod(), request.getRequestURI());
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
            ErrorResponses.write(response, 429, ErrorCodes.RATE_LIMITED,
                    "too many requests; retry after " + decision.retryAfterSeconds() + " s");
            return;
        }
        response.setHeader("X-RateLimit-Remaining", Long.toString(decision.remaining()));
        chain.doFilter(request, response);
    }
}
