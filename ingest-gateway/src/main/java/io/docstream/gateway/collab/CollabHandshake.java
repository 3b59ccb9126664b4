package io.docstream.gateway.collab;

import io.docstream.gateway.auth.Authenticator;
import io.docstream.gateway.auth.Principal;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Authenticates the WebSocket upgrade: a bearer token in the {@code Authorization} header or, for
 * browsers (which cannot set headers on a WebSocket), the {@code access_token} query parameter.
 * Assigns the connection's site: a fresh one, or the {@code site} query parameter when that site
 * belongs to the same user (a reconnecting client keeps its element ids).
 */
class CollabHandshake implements HandshakeInterceptor {

    private static final Logger log = LoggerFactory.getLogger(CollabHandshake.class);

    static final String USER = "docstream.user";
    static final String SITE = "docstream.site";
    static final String TOKEN = "docstream.token";

    private final Authenticator authenticator;
    private final SiteRegistry sites;

    CollabHandshake(Authenticator authenticator, SiteRegistry sites) {
        this.authenticator = authenticator;
        this.sites = sites;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                                   Map<String, Object> attributes) {
        var query = UriComponentsBuilder.fromUri(request.getURI()).build().getQueryParams();
        String token = Authenticator.bearerToken(request.getHeaders().getFirst("Authorization"))
                .orElse(query.getFirst("access_token"));
        Optional<Principal> user = token == null ? Optional.empty() : authenticator.authenticate(token);
        if (user.isEmpty()) {
            response.setStatusCode(HttpStatus.UNAUTHORIZED);
            return false;
        }
        int site;
        String requested = query.getFirst("site");
        OptionalInt owned = OptionalInt.empty();
        if (requested != null) {
            try {
                owned = sites.ownedSite(user.get().userId(), Integer.parseInt(requested));
            } catch (NumberFormatException e) {
                response.setStatusCode(HttpStatus.BAD_REQUEST);
                return false;
            }
            if (owned.isEmpty()) {
                log.info("user {} asked for site {} it does not own", user.get().userId(), requested);
                response.setStatusCode(HttpStatus.FORBIDDEN);
                return false;
            }
        }
        site = owned.isPresent() ? owned.getAsInt() : sites.newSite(user.get().userId());
        attributes.put(USER, user.get());
        attributes.put(SITE, site);
        attributes.put(TOKEN, token);
        return true;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                               Exception exception) {}
}
