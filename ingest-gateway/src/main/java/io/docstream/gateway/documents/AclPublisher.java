package io.docstream.gateway.documents;

import io.docstream.protocol.RedisChannels;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Publishes {@link AccessChange}s to Redis after the database commit of the change (never before:
 * a gateway re-checking roles on receipt must see the new state). The connection is opened on
 * first use and re-established by Lettuce after failures; a failed publish is logged, not thrown,
 * since the change is already committed.
 */
@Component
public class AclPublisher {

    private static final Logger log = LoggerFactory.getLogger(AclPublisher.class);

    private final RedisClient redis;
    private final RedisChannels channels;
    private StatefulRedisConnection<String, String> connection;

    public AclPublisher(RedisClient redis, RedisChannels channels) {
        this.redis = redis;
        this.channels = channels;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    public void afterCommit(AccessChange change) {
        publish(change);
    }

    /** Publishes at once (asynchronously); callers in a transaction should publish an event instead. */
    public void publish(AccessChange change) {
        try {
            connection().async().publish(channels.acl(), change.toJson()).whenComplete((receivers, error) -> {
                if (error != null) {
                    log.warn("ACL change {} not published: {}", change, error.toString());
                } else {
                    log.debug("ACL change {} published to {} subscribers", change, receivers);
                }
            });
        } catch (RuntimeException e) {
            log.warn("ACL change {} not published: {}", change, e.toString());
        }
    }

    private synchronized StatefulRedisConnection<String, String> connection() {
        if (connection == null) {
            connection = redis.connect();
        }
        return connection;
    }

    @PreDestroy
    synchronized void close() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}
