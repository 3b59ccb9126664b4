package io.docstream.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuthenticatorTest {

    @Test
    void bearerTokensAreTakenFromTheHeader() {
        assertThat(Authenticator.bearerToken("Bearer abc")).contains("abc");
        assertThat(Authenticator.bearerToken("bearer  abc ")).contains("abc");
        assertThat(Authenticator.bearerToken("BEARER abc")).contains("abc");
        assertThat(Authenticator.bearerToken(null)).isEmpty();
        assertThat(Authenticator.bearerToken("Bearer")).isEmpty();
        assertThat(Authenticator.bearerToken("Bearer ")).isEmpty();
        assertThat(Authenticator.bearerToken("Basic abc")).isEmpty();
        assertThat(Authenticator.bearerToken("abc")).isEmpty();
    }
}
