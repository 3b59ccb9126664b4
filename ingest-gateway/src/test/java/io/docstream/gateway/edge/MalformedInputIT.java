package io.docstream.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.docstream.gateway.testsupport.GatewayItBase;
import io.docstream.gateway.testsupport.GatewayTestEnvironment;
import io.docstream.gateway.testsupport.HttpApi.Account;
import io.docstream.gateway.testsupport.HttpApi.Response;
import io.docstream.protocol.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A corpus of malformed input against every endpoint that takes input: none may produce a 500,
 * a non-JSON error or a stack trace.
 */
class MalformedInputIT extends GatewayItBase {

    static final GatewayTestEnvironment ENV = new GatewayTestEnvironment();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ENV.register(registry);
    }

    @Override
    protected GatewayTestEnvironment environment() {
        return ENV;
    }

    /** Bodies that are not what any endpoint wants. */
    static Map<String, byte[]> badBodies() {
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        for (String s : List.of("", "{", "}", "not json", "[]", "null", "\"a string\"", "123", "true", "{\"a\":}",
                "{'single': 'quotes'}", "{\"title\": \"unterminated}", "{\"title\": 5}", "{\"title\": 1e999999}",
                "{\"title\": {\"nested\": 1}}", "{\"title\": [1, 2]}", "{\"title\": null}", "{\"title\": true}",
                "{\"email\": 1, \"password\": [], \"displayName\": {}}", "{\"email\": null, \"password\": null}",
                "{\"role\": \"OWNER\", \"email\": \"x@y.zz\"}", "{\"role\": 7, \"email\": \"x@y.zz\"}",
                "{\"title\": \"ok\", \"unknown\": \"field\", \"__proto__\": {}}", "{\"title\": \"\\u0000\"}",
                "{\"title\": \"\\ud800 lone surrogate\"}", "{\"title\": \"x\"} trailing", "{\"title\": \"x\",}",
                "[".repeat(5000) + "]".repeat(5000), "{\"a\":".repeat(3000) + "1" + "}".repeat(3000),
                "{\"title\": \"" + "t".repeat(60_000) + "\"}", "{\"title\": " + "9".repeat(2000) + "}",
                "{\"email\": \"" + "e".repeat(300) + "@x.io\", \"password\": \"pppppppp\", \"displayName\": \"d\"}")) {
            bodies.put(abbreviate(s), s.getBytes(StandardCharsets.UTF_8));
        }
        bodies.put("invalid UTF-8 in a string", concat("{\"title\": \"", new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc3, 0x28}, "\"}"));
        bodies.put("overlong UTF-8", concat("{\"email\": \"", new byte[] {(byte) 0xc0, (byte) 0xaf}, "@x.io\", \"password\": \"12345678\"}"));
        bodies.put("truncated UTF-8", concat("{\"title\": \"", new byte[] {(byte) 0xe2, (byte) 0x82}, ""));
        bodies.put("UTF-16 BOM body", "\uFEFF{\"title\": \"bom\"}".getBytes(StandardCharsets.UTF_16));
        bodies.put("NUL bytes", new byte[] {0, 0, 0, 0});
        bodies.put("1 MB title", ("{\"title\": \"" + "x".repeat(1 << 20) + "\"}").getBytes(StandardCharsets.UTF_8));
        return bodies;
    }

    @Test
    void noBadBodyCausesA5xxOrAStackTrace() {
        Account owner = api.signup("corpus-owner");
        String doc = "/api/documents/" + api.createDocument(owner, "corpus target");
        Map<String, String[]> endpoints = new LinkedHashMap<>();
        endpoints.put("signup", new String[] {"POST", "/api/auth/signup", null});
        endpoints.put("login", new String[] {"POST", "/api/auth/login", null});
        endpoints.put("create", new String[] {"POST", "/api/documents", owner.token()});
        endpoints.put("rename", new String[] {"PATCH", doc, owner.token()});
        endpoints.put("share", new String[] {"PUT", doc + "/permissions", owner.token()});
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, String[]> e : endpoints.entrySet()) {
            for (Map.Entry<String, byte[]> body : badBodies().entrySet()) {
                String[] ep = e.getValue();
                Response r = api.send(ep[0], ep[1], ep[2], body.getValue(), Map.of());
                checked++;
                check(e.getKey() + " with " + body.getKey(), r, failures);
            }
        }
        assertThat(failures).as("%d requests checked", checked).isEmpty();
        // the document was never renamed into garbage
        String title = api.get(doc, owner.token()).text("title");
        assertThat(title).isIn("corpus target", "5", "ok", "x");
    }

    @Test
    void badPathsQueriesAndHeadersAreRefusedCleanly() {
        Account owner = api.signup("paths-owner");
        List<String> failures = new ArrayList<>();
        for (String path : List.of("/api/documents/not-a-uuid", "/api/documents/123", "/api/documents/%00",
                "/api/documents/%FF%FE", "/api/documents/" + "a".repeat(5000), "/api/documents/..%2F..%2Fetc",
                "/api/documents/%E2%98%83", "/api/documents/" + UUID.randomUUID() + "/permissions/not-a-uuid",
                "/api/documents?page=99999999999", "/api/documents?page=1.5", "/api/documents?size=-5",
                "/api/documents?scope=%00", "/api/documents?size=", "/api/documents?page=0&page=1",
                "/api/nowhere", "/api/auth/signup", "/api/%25", "/api/documents/%7Bid%7D")) {
            check("GET " + path, api.get(path, owner.token()), failures);
            check("DELETE " + path, api.delete(path, owner.token()), failures);
        }
        check("text/plain body", api.send("POST", "/api/documents", owner.token(), null,
                Map.of("Content-Type", "text/plain")), failures);
        check("xml body", api.raw("POST", "/api/documents", "<title/>".getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/xml", "Authorization", "Bearer " + owner.token())), failures);
        check("no content type", api.raw("POST", "/api/documents", "{\"title\":\"t\"}".getBytes(StandardCharsets.UTF_8),
                Map.of("Authorization", "Bearer " + owner.token())), failures);
        check("charset latin1", api.raw("POST", "/api/documents", "{\"title\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1),
                Map.of("Content-Type", "application/json;charset=ISO-8859-1", "Authorization", "Bearer " + owner.token())), failures);
        check("accept xml", api.send("GET", "/api/me", owner.token(), null, Map.of("Accept", "application/xml")), failures);
        check("wrong method", api.send("PUT", "/api/me", owner.token(), null, Map.of()), failures);
        check("bearer junk", api.send("GET", "/api/me", null, null, Map.of("Authorization", "Bearer \u00ff\u00fe")), failures);
        check("two tokens", api.send("GET", "/api/me", null, null, Map.of("Authorization", "Bearer a b c")), failures);
        assertThat(failures).isEmpty();
    }

    @Test
    void aChunkedBodyOverTheCapIsCutOffWith413() throws Exception {
        Account owner = api.signup("chunked");
        byte[] big = ("{\"title\": \"" + "x".repeat(200_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/documents"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + owner.token())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
                .build();
        HttpResponse<String> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(r.headers().firstValue("Content-Length")).isNotEqualTo(java.util.Optional.of(Integer.toString(big.length)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
        assertThat(Json.MAPPER.readTree(r.body()).get("error").asString()).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(api.get("/api/documents?scope=owned", owner.token()).json().get("total").asLong()).isZero();
    }

    private static void check(String what, Response r, List<String> failures) {
        if (r.status() >= 500) {
            failures.add(what + ": " + r.status() + " " + abbreviate(r.body()));
            return;
        }
        if (r.body().contains("Exception") || r.body().contains("\tat ") || r.body().contains("at java.")
                || r.body().contains("at org.")) {
            failures.add(what + ": stack trace in " + abbreviate(r.body()));
            return;
        }
        if (r.status() >= 400) {
            try {
                var json = r.json();
                if (json.get("error") == null || json.get("requestId") == null || json.get("message") == null) {
                    failures.add(what + ": not an error object: " + abbreviate(r.body()));
                }
            } catch (RuntimeException e) {
                failures.add(what + ": " + r.status() + " body is not JSON: " + abbreviate(r.body()));
            }
        }
    }

    private static byte[] concat(String a, byte[] b, String c) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(b);
        out.writeBytes(c.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...(" + s.length() + ")";
    }
}
