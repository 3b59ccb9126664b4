package io.docstream.typeahead.mentions;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Periodically unloads idle mention indexes. */
public final class MentionSweeper implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MentionSweeper.class);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mention-sweeper");
        t.setDaemon(true);
        return t;
    });

    public MentionSweeper(MentionIndexes indexes, Duration every) {
        long ms = Math.max(1, every.toMillis());
        timer.scheduleWithFixedDelay(() -> {
            try {
                int n = indexes.unloadIdle();
                if (n > 0) {
                    log.debug("unloaded {} idle mention indexes", n);
                }
            } catch (RuntimeException e) {
                log.warn("mention sweep failed", e);
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
