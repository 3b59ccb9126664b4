package io.docstream.gateway.collab;

import io.docstream.gateway.edge.KafkaSettings;
import io.docstream.protocol.ClientOp;
import io.docstream.topics.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Produces accepted client ops to {@code doc-ops-in}, keyed by document id: idempotent producer,
 * {@code acks=all}, no linger (a keystroke should not wait for a batch). The topic is that of the
 * live pipeline generation and changes when an operator grows the partition count
 * ({@link #switchTo}).
 */
@Component
public class OpProducer implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(OpProducer.class);

    private final KafkaProducer<String, ClientOp> producer;
    private final ReadWriteLock topicLock = new ReentrantReadWriteLock();
    private volatile String topic;

    public OpProducer(KafkaSettings kafka, Topics topics) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "gateway-ops");
        this.topic = topics.docOpsIn().name();
        this.producer = new KafkaProducer<>(props, topics.docOpsIn().keySerde().serializer(),
                topics.docOpsIn().valueSerde().serializer());
    }

    /** Sends asynchronously; {@code onFailure} runs (on the producer thread) when the op is not accepted. */
    public void send(ClientOp op, Consumer<Exception> onFailure) {
        topicLock.readLock().lock();
        try {
            producer.send(new ProducerRecord<>(topic, op.docId(), op), (meta, e) -> {
                if (e != null) {
                    log.warn("op {}:{} of doc {} not accepted by Kafka: {}", op.site(), op.clientSeq(), op.docId(), e.toString());
                    onFailure.accept(e);
                }
            });
        } catch (RuntimeException e) {
            onFailure.accept(e);
        } finally {
            topicLock.readLock().unlock();
        }
    }

    /** The topic ops go to now. */
    public String topic() {
        return topic;
    }

    /**
     * Sends every later op to {@code next} and returns once every op sent to the previous topic is
     * acknowledged or failed: after this call nothing more of this gateway reaches the old topic.
     */
    public void switchTo(String next) {
        String before;
        topicLock.writeLock().lock();
        try {
            before = topic;
            topic = next;
        } finally {
            topicLock.writeLock().unlock();
        }
        producer.flush();
        log.info("ops now go to {} (was {})", next, before);
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void destroy() {
        producer.close(Duration.ofSeconds(10));
    }
}
