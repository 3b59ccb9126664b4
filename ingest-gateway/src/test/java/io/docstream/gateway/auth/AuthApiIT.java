package io.docstream.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.docstream.auth.AccessTokens;
import io.docstream.gateway.testsupport.GatewayItBase;
import io.docstream.gateway.testsupport.GatewayTestEnvironment;
import io.docstream.gateway.testsupport.HttpApi.Account;
import io.docstream.gateway.testsupport.HttpApi.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Sign-up, login, logout, /api/me and token lifetime over HTTP against a real database. */
class AuthApiIT extends GatewayItBase {

    static final GatewayTestEnvironment ENV = new GatewayTestEnvironment();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ENV.register(registry);
    }

    @Override
    protected GatewayTestEnvironment environment() {
        return ENV;
    }

    @Autowired
    JdbcClient jdbc;
    @Autowired
    Authenticator authenticator;

    @Test
    void signupReturnsAWorkingTokenThatExpiresInAboutAnHour() {
        String email = "Ada-" + UUID.randomUUID().toString().substring(0, 8) + "@Example.test";
        Instant before = Instant.now();
        Response r = api.post("/api/auth/signup", null, Map.of("email", email, "password", "s3cret-passw0rd", "displayName", "Ada"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        UUID userId = UUID.fromString(r.text("userId"));
        String token = r.text("token");
        Instant expiresAt = Instant.parse(r.text("expiresAt"));
        assertThat(expiresAt).isBetween(before.plus(Duration.ofMinutes(59)), Instant.now().plus(Duration.ofMinutes(61)));

        Response me = api.get("/api/me", token);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.text("userId")).isEqualTo(userId.toString());
        assertThat(me.text("email")).isEqualTo(email);
        assertThat(me.text("displayName")).isEqualTo("Ada");

        // only the hash is stored; the password is an Argon2 hash
        assertThat(jdbc.sql("SELECT count(*) FROM auth_tokens WHERE token_hash = ?").param(AccessTokens.hash(token)).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM auth_tokens WHERE token_hash = ?").param(token).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT password_hash FROM users WHERE id = ?").param(userId).query(String.class).single())
                .startsWith("$argon2id$").doesNotContain("s3cret");
    }

    @Test
    void emailIsTakenCaseInsensitively() {
        Account a = api.signup("bob");
        api.post("/api/auth/signup", null, Map.of("email", a.email().toUpperCase(), "password", "another-password", "displayName", "Bob 2"))
                .assertError(409, "EMAIL_TAKEN");
    }

    @Test
    void invalidSignupsAre400() {
        String ok = "x" + UUID.randomUUID() + "@example.test";
        api.post("/api/auth/signup", null, Map.of("email", "not-an-email", "password", "long enough", "displayName", "X")).assertError(400, "INVALID_MESSAGE");
        api.post("/api/auth/signup", null, Map.of("email", ok, "password", "short", "displayName", "X")).assertError(400, "INVALID_MESSAGE");
        api.post("/api/auth/signup", null, Map.of("email", ok, "password", "p".repeat(129), "displayName", "X")).assertError(400, "INVALID_MESSAGE");
        api.post("/api/auth/signup", null, Map.of("email", ok, "password", "long enough", "displayName", "")).assertError(400, "INVALID_MESSAGE");
        api.post("/api/auth/signup", null, Map.of("email", ok, "password", "long enough", "displayName", "d".repeat(101))).assertError(400, "INVALID_MESSAGE");
        api.post("/api/auth/signup", null, Map.of("email", ok, "password", "long enough", "displayName", "nul\u0000byte")).assertError(400, "INVALID_MESSAGE");
        api.post("/api/auth/signup", null, Map.of("email", ok, "password", "long enough")).assertError(400, "INVALID_MESSAGE");
        // none of them created the account
        api.post("/api/auth/signup", null, Map.of("email", ok, "password", "long enough", "displayName", "OK"));
        assertThat(jdbc.sql("SELECT count(*) FROM users WHERE email = ?").param(ok).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void passwordsLongerThanBcryptsLimitWork() {
        String email = "long-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        String password = "é".repeat(128); // 256 UTF-8 bytes
        assertThat(api.post("/api/auth/signup", null, Map.of("email", email, "password", password, "displayName", "L")).status()).isEqualTo(201);
        assertThat(api.post("/api/auth/login", null, Map.of("email", email, "password", password)).status()).isEqualTo(200);
        api.post("/api/auth/login", null, Map.of("email", email, "password", "é".repeat(127) + "e")).assertError(401, "UNAUTHENTICATED");
    }

    @Test
    void loginGivesANewTokenAndRefusesWrongCredentialsWithOneMessage() {
        Account a = api.signup("carol");
        Response ok = api.post("/api/auth/login", null, Map.of("email", a.email().toUpperCase(), "password", "correct horse battery"));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.text("userId")).isEqualTo(a.userId().toString());
        assertThat(ok.text("token")).isNotEqualTo(a.token());
        assertThat(api.get("/api/me", ok.text("token")).status()).isEqualTo(200);

        Response wrongPassword = api.post("/api/auth/login", null, Map.of("email", a.email(), "password", "wrong horse battery"))
                .assertError(401, "UNAUTHENTICATED");
        Response unknownEmail = api.post("/api/auth/login", null, Map.of("email", "nobody-" + UUID.randomUUID() + "@example.test", "password", "wrong horse battery"))
                .assertError(401, "UNAUTHENTICATED");
        assertThat(wrongPassword.text("message")).isEqualTo(unknownEmail.text("message"));
        assertThat(wrongPassword.header("WWW-Authenticate")).isEqualTo("Bearer");
    }

    @Test
    void logoutRevokesOnlyThePresentedToken() {
        Account a = api.signup("dave");
        String second = api.post("/api/auth/login", null, Map.of("email", a.email(), "password", "correct horse battery")).text("token");
        assertThat(api.post("/api/auth/logout", a.token(), null).status()).isEqualTo(204);
        api.get("/api/me", a.token()).assertError(401, "UNAUTHENTICATED");
        api.post("/api/auth/logout", a.token(), null).assertError(401, "UNAUTHENTICATED");
        assertThat(api.get("/api/me", second).status()).isEqualTo(200);
        assertThat(authenticator.authenticate(a.token())).isEmpty();
        assertThat(authenticator.authenticate(second)).map(Principal::userId).contains(a.userId());
    }

    @Test
    void expiredTokensAre401() {
        Account a = api.signup("erin");
        assertThat(api.get("/api/me", a.token()).status()).isEqualTo(200);
        // let the token's lifetime pass
        jdbc.sql("UPDATE auth_tokens SET expires_at = now() - interval '1 second' WHERE token_hash = ?").param(AccessTokens.hash(a.token())).update();
        api.get("/api/me", a.token()).assertError(401, "UNAUTHENTICATED");
        assertThat(authenticator.authenticate(a.token())).isEmpty();
    }

    @Test
    void missingOrMalformedCredentialsAre401() {
        api.get("/api/me", null).assertError(401, "UNAUTHENTICATED");
        api.get("/api/me", "not-a-token").assertError(401, "UNAUTHENTICATED");
        api.send("GET", "/api/me", null, null, Map.of("Authorization", "Basic dXNlcjpwYXNz")).assertError(401, "UNAUTHENTICATED");
        api.send("GET", "/api/me", null, null, Map.of("Authorization", "Bearer " + "x".repeat(5000))).assertError(401, "UNAUTHENTICATED");
        assertThat(authenticator.authenticate(null)).isEqualTo(Optional.empty());
        assertThat(Authenticator.bearerToken("bearer abc")).contains("abc");
        assertThat(Authenticator.bearerToken("Bearer ")).isEmpty();
    }
}
