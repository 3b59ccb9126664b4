package io.docstream.gateway.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.docstream.protocol.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** A small JSON-over-HTTP client for the gateway on its random port (JDK HttpClient, real sockets). */
public final class HttpApi {

    public record Response(int status, java.net.http.HttpHeaders headers, String body) {
        public JsonNode json() {
            return Json.MAPPER.readTree(body);
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public String text(String field) {
            JsonNode n = json().get(field);
            return n == null || n.isNull() ? null : n.asString();
        }

        /** Asserts an error of our JSON shape, no stack trace. */
        public Response assertError(int expectedStatus, String code) {
            assertThat(status).as("status of %s", body).isEqualTo(expectedStatus);
            assertThat(text("error")).as("error code of %s", body).isEqualTo(code);
            assertThat(text("requestId")).isNotBlank();
            assertThat(body).doesNotContain("Exception", "\tat ", "java.");
            return this;
        }
    }

    /** An account made through the API. */
    public record Account(UUID userId, String email, String token) {}

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public HttpApi(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public Response get(String path, String token) {
        return send("GET", path, token, null, Map.of());
    }

    public Response post(String path, String token, Object body) {
        return send("POST", path, token, body, Map.of());
    }

    public Response put(String path, String token, Object body) {
        return send("PUT", path, token, body, Map.of());
    }

    public Response patch(String path, String token, Object body) {
        return send("PATCH", path, token, body, Map.of());
    }

    public Response delete(String path, String token) {
        return send("DELETE", path, token, null, Map.of());
    }

    /** Sends {@code body} as JSON (a String is sent as-is). */
    public Response send(String method, String path, String token, Object body, Map<String, String> headers) {
        byte[] bytes = body == null ? null
                : body instanceof String s ? s.getBytes(StandardCharsets.UTF_8)
                : body instanceof byte[] b ? b
                : Json.MAPPER.writeValueAsBytes(body);
        Map<String, String> h = new LinkedHashMap<>();
        if (bytes != null) {
            h.put("Content-Type", "application/json");
        }
        if (token != null) {
            h.put("Authorization", "Bearer " + token);
        }
        h.putAll(headers);
        return raw(method, path, bytes, h);
    }

    public Response raw(String method, String path, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Signs up a fresh random account and returns it. */
    public Account signup(String name) {
        String email = name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        Response r = post("/api/auth/signup", null, Map.of("email", email, "password", "correct horse battery", "displayName", name));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return new Account(UUID.fromString(r.text("userId")), email, r.text("token"));
    }

    /** Creates a document owned by {@code owner}, returns its id. */
    public UUID createDocument(Account owner, String title) {
        Response r = post("/api/documents", owner.token(), Map.of("title", title));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return UUID.fromString(r.text("id"));
    }

    public void share(Account owner, UUID docId, Account with, String role) {
        Response r = put("/api/documents/" + docId + "/permissions", owner.token(), Map.of("email", with.email(), "role", role));
        assertThat(r.status()).as(r.body()).isIn(200, 201);
    }
}
