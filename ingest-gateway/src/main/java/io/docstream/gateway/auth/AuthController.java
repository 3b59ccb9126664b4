package io.docstream.gateway.auth;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/auth/*} and {@code /api/me}. */
@RestController
@RequestMapping(path = "/api", produces = "application/json")
@Tag(name = "auth", description = "accounts and bearer tokens")
public class AuthController {

    private final AccountService accounts;

    public AuthController(AccountService accounts) {
        this.accounts = accounts;
    }

    @PostMapping(path = "/auth/signup", consumes = "application/json")
    @Operation(summary = "create an account; returns a first token (201), 409 EMAIL_TAKEN, 400 invalid")
    @SecurityRequirements
    public ResponseEntity<AuthApi.TokenResponse> signup(@Valid @RequestBody AuthApi.SignupRequest request) {
        return ResponseEntity.status(HttpStatus.CREATED).body(accounts.signup(request));
    }

    @PostMapping(path = "/auth/login", consumes = "application/json")
    @Operation(summary = "exchange email and password for a token; 401 for any wrong credentials")
    @SecurityRequirements
    public AuthApi.TokenResponse login(@Valid @RequestBody AuthApi.LoginRequest request) {
        return accounts.login(request);
    }

    @PostMapping("/auth/logout")
    @Operation(summary = "revoke the presented token (204)")
    public ResponseEntity<Void> logout(@Parameter(hidden = true) Principal principal,
                                       @Parameter(hidden = true) @RequestHeader(HttpHeaders.AUTHORIZATION) String authorization) {
        Authenticator.bearerToken(authorization).ifPresent(accounts::logout);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/me")
    @Operation(summary = "the caller's account")
    public AuthApi.MeResponse me(@Parameter(hidden = true) Principal principal) {
        return new AuthApi.MeResponse(principal.userId(), principal.email(), principal.displayName());
    }
}
