package io.docstream.gateway.edge;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Token buckets (bucket4j) for the edge:
 * <ul>
 *   <li>REST: per client IP, {@code docstream.edge.rate-limit.rest-capacity} requests per
 *       {@code rest-period} (default 100/minute), refilled greedily;
 *   <li>client ops: per key (e.g. one WebSocket connection id), {@code ops-per-second} sustained
 *       with bursts up to {@code op-burst} (default 200/s, burst 400).
 * </ul>
 * Buckets live in bounded maps ({@code max-keys}) and are dropped after {@code idle-expiry} unused.
 * Thread-safe.
 */
@Component
public class RateLimiters {

    /** Outcome of one REST attempt; {@code retryAfterSeconds} is meaningful only when refused. */
    public record Decision(boolean allowed, long remaining, long retryAfterSeconds) {}

    private final EdgeProperties.RateLimit config;
    private final Cache<String, Bucket> restBuckets;
    private final Cache<String, Bucket> opBuckets;

    public RateLimiters(EdgeProperties properties) {
        this.config = properties.rateLimit();
        this.restBuckets = Caffeine.newBuilder().maximumSize(config.maxKeys()).expireAfterAccess(config.idleExpiry()).build();
        this.opBuckets = Caffeine.newBuilder().maximumSize(config.maxKeys()).expireAfterAccess(config.idleExpiry()).build();
    }

    /** Takes one REST request token for this client (IP). */
    public Decision tryConsumeRest(String clientKey) {
        Bucket bucket = restBuckets.get(clientKey, k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(config.restCapacity())
                        .refillGreedy(config.restCapacity(), config.restPeriod()).build())
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        long retryAfter = probe.isConsumed() ? 0 : Math.max(1, ceilSeconds(probe.getNanosToWaitForRefill()));
        return new Decision(probe.isConsumed(), probe.getRemainingTokens(), retryAfter);
    }

    /**
     * Takes one op token for this key (e.g. a WebSocket session id). False means the op budget is
     * exhausted: the caller should refuse the op with {@code RATE_LIMITED}.
     */
    public boolean tryConsumeOp(String key) {
        return opBucket(key).tryConsume(1);
    }

    /** Takes {@code ops} op tokens at once (a batch), all or none. */
    public boolean tryConsumeOps(String key, long ops) {
        return opBucket(key).tryConsume(ops);
    }

    /** Forgets the op bucket of a key (call when the connection closes). */
    public void forgetOpKey(String key) {
        opBuckets.invalidate(key);
    }

    private Bucket opBucket(String key) {
        return opBuckets.get(key, k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(config.opBurst())
                        .refillGreedy(config.opsPerSecond(), Duration.ofSeconds(1)).build())
                .build());
    }

    private static long ceilSeconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }
}
