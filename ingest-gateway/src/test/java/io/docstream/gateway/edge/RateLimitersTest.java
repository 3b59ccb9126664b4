package io.docstream.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimitersTest {

    static RateLimiters limiters(long restCapacity, long opsPerSecond, long opBurst) {
        return new RateLimiters(new EdgeProperties(List.of("http://localhost:8080"), 65536,
                new EdgeProperties.RateLimit(restCapacity, Duration.ofHours(1), opsPerSecond, opBurst, 1000, Duration.ofMinutes(10))));
    }

    @Test
    void restBudgetIsPerKeyAndTellsWhenToRetry() {
        RateLimiters l = limiters(3, 200, 400);
        for (int i = 0; i < 3; i++) {
            RateLimiters.Decision d = l.tryConsumeRest("10.0.0.1");
            assertThat(d.allowed()).isTrue();
            assertThat(d.remaining()).isEqualTo(2 - i);
        }
        RateLimiters.Decision refused = l.tryConsumeRest("10.0.0.1");
        assertThat(refused.allowed()).isFalse();
        // 3 tokens an hour, refilled greedily: the next one comes within 20 minutes
        assertThat(refused.retryAfterSeconds()).isBetween(1L, 1200L);
        assertThat(l.tryConsumeRest("10.0.0.2").allowed()).isTrue();
    }

    @Test
    void opBudgetAllowsTheBurstThenRefuses() {
        RateLimiters l = limiters(100, 1, 5);
        for (int i = 0; i < 5; i++) {
            assertThat(l.tryConsumeOp("conn-1")).as("op %d", i).isTrue();
        }
        assertThat(l.tryConsumeOp("conn-1")).isFalse();
        assertThat(l.tryConsumeOp("conn-2")).isTrue();
        assertThat(l.tryConsumeOps("conn-2", 10)).isFalse();
        assertThat(l.tryConsumeOps("conn-2", 4)).isTrue();
        l.forgetOpKey("conn-1");
        assertThat(l.tryConsumeOp("conn-1")).isTrue();
    }
}
