package io.docstream.typeahead.api;

import io.docstream.auth.AccessTokens;
import io.docstream.protocol.ErrorCode;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.http.HttpStatus;

/** Resolves {@code Authorization: Bearer <token>} to the caller's user id, or 401. */
public final class Authenticator {

    private final DataSource dataSource;

    public Authenticator(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public UUID caller(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw unauthenticated();
        }
        return AccessTokens.verify(dataSource, authorization.substring(7).trim()).orElseThrow(Authenticator::unauthenticated);
    }

    private static ApiException unauthenticated() {
        return new ApiException(HttpStatus.UNAUTHORIZED, ErrorCode.UNAUTHENTICATED, "a valid bearer token is required");
    }
}
