package io.docstream.typeahead.mentions;

import io.docstream.protocol.MentionSelection;
import io.docstream.topics.Topic;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes "record a selection" requests to the mention-selections topic (key docId). The
 * counts are updated when the indexer consumes them back, so they are a projection of the topic.
 */
public final class SelectionPublisher implements AutoCloseable {

    private final Topic<String, MentionSelection> topic;
    private final KafkaProducer<String, MentionSelection> producer;

    public SelectionPublisher(String bootstrapServers, Topic<String, MentionSelection> topic) {
        this.topic = topic;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000),
                topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    /** Publishes and waits for the broker's acknowledgement. */
    public void publish(MentionSelection selection) {
        try {
            producer.send(new ProducerRecord<>(topic.name(), selection.docId(), selection)).get(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing a selection", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot publish the selection", e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
