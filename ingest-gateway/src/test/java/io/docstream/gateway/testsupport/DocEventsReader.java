package io.docstream.gateway.testsupport;

import io.docstream.protocol.DocumentEvent;
import io.docstream.testsupport.KafkaTestBroker;
import io.docstream.topics.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Reads a doc-events topic from the beginning (read_committed), accumulating records across polls. */
public final class DocEventsReader implements AutoCloseable {

    private final KafkaConsumer<String, DocumentEvent> consumer;
    private final List<ConsumerRecord<String, DocumentEvent>> records = new ArrayList<>();

    public DocEventsReader(Topic<String, DocumentEvent> topic) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                topic.keySerde().deserializer(), topic.valueSerde().deserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Polls once and returns every record read so far. */
    public List<ConsumerRecord<String, DocumentEvent>> poll() {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        return List.copyOf(records);
    }

    /** Every event read so far whose key is {@code docId}, in offset order of its partition. */
    public List<DocumentEvent> eventsOf(String docId) {
        return poll().stream().filter(r -> docId.equals(r.key())).map(ConsumerRecord::value).toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
