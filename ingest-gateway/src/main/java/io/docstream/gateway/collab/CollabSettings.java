package io.docstream.gateway.collab;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the collaboration WebSocket ({@code docstream.collab.*}).
 *
 * @param gatewayId          this instance's id, carried in every op it produces (default: random)
 * @param maxFrameBytes      largest accepted client message in UTF-8 bytes (default 64 KiB); larger
 *                           ones are answered with FRAME_TOO_LARGE and discarded, the socket stays
 * @param maxInsertCodePoints largest insert (default 16,384 code points)
 * @param ringBufferSize     recent canonical ops kept per open document for reconnects (default 2,000)
 * @param sendBufferBytes    bytes queued for one slow socket before it is cut off (default 1 MiB)
 * @param sendTimeLimit      longest a single send may block before the socket is cut off (default 5 s)
 * @param pingInterval       server ping period (default 15 s)
 * @param pongTimeout        a socket that has not answered pings for this long is closed (default 45 s)
 * @param tailCheckInterval  how often open documents compare their last seq with the relay's (default 500 ms)
 * @param gapFillMaxWait     how long a missing op is waited for in the log before a full reload (default 10 s)
 * @param idleDocumentClose  an open document with no members is closed after this (default 60 s)
 * @param accessRecheck      every socket's token and roles are re-validated this often (default 30 s): a
 *                           backstop for ACL messages lost by Redis pub/sub, logout and token expiry
 * @param maxSocketsPerUser  open sockets one user may hold on one gateway (default 16); one more is
 *                           refused with {@code RATE_LIMITED} and closed with 1008
 *
 * <p>The per-connection op budget is {@code docstream.edge.rate-limit.ops-per-second}/{@code op-burst}
 * and browser origins are {@code docstream.edge.allowed-origins} (see EdgeProperties).
 */
@Validated
@ConfigurationProperties("docstream.collab")
public record CollabSettings(
        @NotBlank @DefaultValue("") String gatewayId,
        @Min(1024) @Max(16 * 1024 * 1024) @DefaultValue("65536") int maxFrameBytes,
        @Min(1) @DefaultValue("16384") int maxInsertCodePoints,
        @Min(0) @DefaultValue("2000") int ringBufferSize,
        @Min(1024) @DefaultValue("1048576") int sendBufferBytes,
        @DefaultValue("5s") Duration sendTimeLimit,
        @DefaultValue("15s") Duration pingInterval,
        @DefaultValue("45s") Duration pongTimeout,
        @DefaultValue("500ms") Duration tailCheckInterval,
        @DefaultValue("10s") Duration gapFillMaxWait,
        @DefaultValue("60s") Duration idleDocumentClose,
        @DefaultValue("30s") Duration accessRecheck,
        @Min(1) @DefaultValue("16") int maxSocketsPerUser) {

    public CollabSettings {
        if (gatewayId == null || gatewayId.isBlank()) {
            gatewayId = "gw-" + UUID.randomUUID().toString().substring(0, 8);
        }
    }
}
