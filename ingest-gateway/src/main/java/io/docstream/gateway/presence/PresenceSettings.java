package io.docstream.gateway.presence;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Presence and cursors ({@code docstream.presence.*}).
 *
 * @param ttl               a member whose gateway stops heart-beating disappears after this (default 15 s)
 * @param heartbeatInterval how often a gateway refreshes its members (default 5 s; must be well below ttl)
 * @param sweepInterval     how often expired members are looked for (default 2 s)
 * @param cursorInterval    cursor moves are sent at most once per interval per client and document,
 *                          latest wins (default 50 ms = 20 per second)
 * @param maxAwarenessBytes largest awareness state, in bytes of JSON (default 1024)
 */
@Validated
@ConfigurationProperties("docstream.presence")
public record PresenceSettings(
        @DefaultValue("15s") Duration ttl,
        @DefaultValue("5s") Duration heartbeatInterval,
        @DefaultValue("2s") Duration sweepInterval,
        @DefaultValue("50ms") Duration cursorInterval,
        @Min(16) @DefaultValue("1024") int maxAwarenessBytes) {

    public PresenceSettings {
        if (heartbeatInterval.compareTo(ttl) >= 0) {
            throw new IllegalArgumentException("docstream.presence.heartbeat-interval must be shorter than ttl");
        }
    }
}
