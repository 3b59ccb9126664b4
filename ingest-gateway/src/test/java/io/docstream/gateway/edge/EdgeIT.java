package io.docstream.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.docstream.gateway.testsupport.GatewayItBase;
import io.docstream.gateway.testsupport.GatewayTestEnvironment;
import io.docstream.gateway.testsupport.HttpApi.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Edge hygiene over HTTP: CORS, request ids, the OpenAPI description, and (last, since it uses up
 * this class's per-IP budget of 5 requests an hour) the REST rate limit.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EdgeIT extends GatewayItBase {

    static final int CAPACITY = 5;
    static final GatewayTestEnvironment ENV = new GatewayTestEnvironment(CAPACITY);
    static final String ALLOWED = "https://editor.example.test";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ENV.register(registry);
        registry.add("docstream.edge.allowed-origins", () -> ALLOWED + ",http://localhost:8080");
        // a long period, so that no token is refilled while the test runs however slow the machine
        registry.add("docstream.edge.rate-limit.rest-period", () -> "1h");
    }

    @Override
    protected GatewayTestEnvironment environment() {
        return ENV;
    }

    static Map<String, String> preflight(String origin, String method) {
        return Map.of("Origin", origin, "Access-Control-Request-Method", method,
                "Access-Control-Request-Headers", "authorization,content-type");
    }

    @Test
    @Order(1)
    void preflightFromAnUnknownOriginIsRefused() {
        Response r = api.raw("OPTIONS", "/api/documents", null, preflight("https://evil.example.test", "POST"));
        r.assertError(403, "ORIGIN_NOT_ALLOWED");
        assertThat(r.header("Access-Control-Allow-Origin")).isNull();
        assertThat(r.header("X-Request-Id")).isNotBlank();
    }

    @Test
    @Order(2)
    void preflightFromAnAllowedOriginIsAnswered() {
        Response r = api.raw("OPTIONS", "/api/documents", null, preflight(ALLOWED, "POST"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
        assertThat(r.header("Access-Control-Allow-Methods")).contains("POST");
        assertThat(r.header("Access-Control-Allow-Headers")).containsIgnoringCase("authorization");
        // a method outside the list is refused even for an allowed origin
        api.raw("OPTIONS", "/api/documents", null, preflight(ALLOWED, "TRACE")).assertError(403, "ORIGIN_NOT_ALLOWED");
    }

    @Test
    @Order(3)
    void actualCrossOriginRequestsGetCorsHeadersOnlyForAllowedOrigins() {
        Response ok = api.raw("GET", "/v3/api-docs", null, Map.of("Origin", ALLOWED));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
        assertThat(ok.header("Access-Control-Expose-Headers")).contains("X-Request-Id");
        api.raw("GET", "/v3/api-docs", null, Map.of("Origin", "https://evil.example.test")).assertError(403, "ORIGIN_NOT_ALLOWED");
    }

    @Test
    @Order(4)
    void requestIdsAreKeptWhenSaneAndGeneratedOtherwise() {
        Response kept = api.raw("GET", "/v3/api-docs", null, Map.of("X-Request-Id", "client-req-12345"));
        assertThat(kept.header("X-Request-Id")).isEqualTo("client-req-12345");
        Response replaced = api.raw("GET", "/v3/api-docs", null, Map.of("X-Request-Id", "<script>alert(1)</script>"));
        assertThat(replaced.header("X-Request-Id")).matches("[0-9a-f-]{36}");
        Response generated = api.raw("GET", "/nowhere", null, Map.of());
        generated.assertError(404, "NOT_FOUND");
        assertThat(generated.text("requestId")).isEqualTo(generated.header("X-Request-Id"));
        assertThat(api.raw("GET", "/v3/api-docs", null, Map.of()).header("X-Request-Id"))
                .isNotEqualTo(generated.header("X-Request-Id"));
    }

    @Test
    @Order(5)
    void theOpenApiDescriptionListsTheEndpoints() {
        Response r = api.raw("GET", "/v3/api-docs", null, Map.of());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("paths").propertyNames()).contains(
                "/api/auth/signup", "/api/auth/login", "/api/auth/logout", "/api/me", "/api/documents",
                "/api/documents/{id}", "/api/documents/{id}/permissions", "/api/documents/{id}/permissions/{userId}");
        assertThat(r.body()).doesNotContain("\"principal\"");
        assertThat(api.raw("GET", "/swagger-ui/index.html", null, Map.of()).status()).isEqualTo(200);
    }

    @Test
    @Order(6)
    void restRequestsBeyondTheBudgetGet429WithRetryAfter() {
        List<Integer> statuses = new ArrayList<>();
        Response limited = null;
        for (int i = 0; i < CAPACITY + 1; i++) {
            Response r = api.get("/api/me", null);
            statuses.add(r.status());
            if (r.status() == 429) {
                limited = r;
            }
        }
        assertThat(statuses.subList(0, CAPACITY)).as("statuses %s", statuses).containsOnly(401);
        assertThat(statuses.get(CAPACITY)).isEqualTo(429);
        limited.assertError(429, "RATE_LIMITED");
        long retryAfter = Long.parseLong(limited.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 3600L / CAPACITY);
        // non-API endpoints (health, docs) are not limited
        assertThat(api.raw("GET", "/actuator/health/liveness", null, Map.of()).status()).isEqualTo(200);
    }
}
