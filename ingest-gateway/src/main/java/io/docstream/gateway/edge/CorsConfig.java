package io.docstream.gateway.edge;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * CORS limited to {@code docstream.edge.allowed-origins}, as a servlet filter ahead of everything
 * but the request id: a preflight or cross-origin request from any other origin is refused with
 * 403 and a JSON {@code ORIGIN_NOT_ALLOWED} error. Bearer tokens travel in a header, so
 * credentials (cookies) are not allowed.
 */
@Configuration(proxyBeanMethods = false)
public class CorsConfig {

    private static final Logger log = LoggerFactory.getLogger(CorsConfig.class);

    @Bean
    public FilterRegistrationBean<CorsFilter> corsFilter(EdgeProperties properties) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(List.copyOf(properties.allowedOrigins()));
        cors.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"));
        cors.setAllowedHeaders(List.of("Authorization", "Content-Type", RequestIds.HEADER));
        cors.setExposedHeaders(List.of(RequestIds.HEADER, "Retry-After", "Location", "X-RateLimit-Remaining"));
        cors.setAllowCredentials(false);
        cors.setMaxAge(3600L);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", cors);
        CorsFilter filter = new CorsFilter(source);
        filter.setCorsProcessor(new JsonRejectingCorsProcessor());
        FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    /** Spring's CORS rules, with the refusal rendered as our JSON error. */
    static final class JsonRejectingCorsProcessor extends DefaultCorsProcessor {
        @Override
        protected void rejectRequest(ServerHttpResponse response) throws IOException {
            if (response instanceof ServletServerHttpResponse servlet) {
                HttpServletResponse raw = servlet.getServletResponse();
                log.info("CORS request refused");
                ErrorResponses.write(raw, 403, ErrorCodes.ORIGIN_NOT_ALLOWED, "origin not allowed");
            } else {
                super.rejectRequest(response);
            }
        }
    }
}
