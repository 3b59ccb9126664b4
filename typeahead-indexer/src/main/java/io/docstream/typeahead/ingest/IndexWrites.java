package io.docstream.typeahead.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.errors.SerializationException;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies index writes with retries and exponential backoff. A write that fails permanently
 * (malformed input, a patch that does not fit, or retries exhausted) is logged, counted in
 * {@code typeahead.index.write.failures{index}} and skipped: one bad record never stops the indexer.
 */
public final class IndexWrites {

    private static final Logger log = LoggerFactory.getLogger(IndexWrites.class);

    private final RetryTemplate retry;
    private final MeterRegistry registry;
    private final Map<String, Counter> failures = new ConcurrentHashMap<>();

    public IndexWrites(int maxRetries, Duration backoff, MeterRegistry registry) {
        this.registry = registry;
        this.retry = new RetryTemplate(RetryPolicy.builder()
                .maxRetries(maxRetries)
                .delay(backoff)
                .multiplier(2.0)
                .maxDelay(backoff.multipliedBy(32))
                .predicate(t -> !isPermanent(t))
                .build());
    }

    /** Input errors that no retry can fix. */
    static boolean isPermanent(Throwable t) {
        return t instanceof IllegalArgumentException || t instanceof IndexOutOfBoundsException
                || t instanceof SerializationException || t instanceof NullPointerException
                || t instanceof ClassCastException;
    }

    /** @return whether the write was applied */
    public boolean apply(String index, String what, Runnable write) {
        try {
            retry.execute(() -> {
                write.run();
                return null;
            });
            return true;
        } catch (RetryException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            failures.computeIfAbsent(index, i -> Counter.builder("typeahead.index.write.failures")
                    .description("index writes skipped after permanent failure or exhausted retries")
                    .tag("index", i).register(registry)).increment();
            log.error("index write to {} failed permanently after {} retries, skipped: {}", index,
                    e.getRetryCount(), what, cause);
            return false;
        }
    }

    public double failures(String index) {
        Counter c = failures.get(index);
        return c == null ? 0 : c.count();
    }
}
