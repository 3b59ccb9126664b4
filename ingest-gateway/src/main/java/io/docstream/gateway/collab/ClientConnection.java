package io.docstream.gateway.collab;

import io.docstream.gateway.auth.Principal;
import io.docstream.gateway.documents.Role;
import io.docstream.gateway.presence.LocalMember;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;

/**
 * One client socket: its authenticated user, its site, the documents it has joined with the role
 * it holds on each, its op budget, and a bounded send buffer (a client that cannot drain its
 * socket is cut off instead of being buffered without bound).
 */
final class ClientConnection {

    private static final Logger log = LoggerFactory.getLogger(ClientConnection.class);

    final String id;
    final Principal user;
    final int site;
    /** The bearer token the socket was opened with, re-validated periodically (logout, expiry). */
    final String token;
    final Map<UUID, Role> docs = new ConcurrentHashMap<>();
    private final WebSocketSession ws;
    volatile long lastPongAt = System.currentTimeMillis();
    final LocalMember presence;

    /** Reassembly of a message that arrives in several partial frames. */
    final StringBuilder partial = new StringBuilder();
    long partialBytes;
    boolean partialOversize;

    ClientConnection(WebSocketSession session, Principal user, int site, String token, CollabSettings settings) {
        this.token = token;
        this.id = session.getId();
        this.user = user;
        this.site = site;
        this.ws = new ConcurrentWebSocketSessionDecorator(session, (int) settings.sendTimeLimit().toMillis(),
                settings.sendBufferBytes(), ConcurrentWebSocketSessionDecorator.OverflowStrategy.TERMINATE);
        this.presence = new LocalMember(site, user.userId(), user.displayName(), this::send);
    }

    boolean isOpen() {
        return ws.isOpen();
    }

    /** Sends a text message; a socket whose buffer overflows or that fails is closed. */
    void send(String json) {
        if (!ws.isOpen()) {
            return;
        }
        try {
            ws.sendMessage(new TextMessage(json));
        } catch (IOException | RuntimeException e) {
            log.info("closing connection {} of user {}: send failed ({})", id, user.userId(), e.toString());
            close(CloseStatus.SESSION_NOT_RELIABLE.withReason("send buffer overflow or failure"));
        }
    }

    void ping() {
        if (!ws.isOpen()) {
            return;
        }
        try {
            ws.sendMessage(new PingMessage());
        } catch (IOException | RuntimeException e) {
            close(CloseStatus.SESSION_NOT_RELIABLE);
        }
    }

    void close(CloseStatus status) {
        try {
            ws.close(status);
        } catch (IOException | RuntimeException e) {
            log.debug("close of {} failed: {}", id, e.toString());
        }
    }
}
