package io.docstream.gateway.auth;

import io.docstream.gateway.edge.TextRules;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;

/** Request and response bodies of the auth endpoints. */
public final class AuthApi {

    private AuthApi() {}

    public record SignupRequest(
            @NotNull @Size(max = 254) @Pattern(regexp = TextRules.EMAIL, message = "must be an email address") String email,
            @NotNull @Size(min = 8, max = 128) String password,
            @NotBlank @Size(min = 1, max = 100) @Pattern(regexp = TextRules.CLEAN_TEXT, message = "must not contain control characters") String displayName) {}

    public record LoginRequest(
            @NotNull @Size(max = 254) String email,
            @NotNull @Size(max = 128) String password) {}

    public record TokenResponse(UUID userId, String token, Instant expiresAt) {}

    public record MeResponse(UUID userId, String email, String displayName) {}
}
