package io.docstream.typeahead.ingest;

import io.docstream.protocol.CanonicalOp;
import io.docstream.protocol.DocumentEvent;
import io.docstream.protocol.IndexView;
import io.docstream.protocol.MentionSelection;
import io.docstream.testsupport.KafkaTestBroker;
import io.docstream.topics.Topic;
import io.docstream.topics.Topics;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Test helper: writes the indexer's input topics (synchronously, one record at a time). */
public final class TopicWriter implements AutoCloseable {

    private final Topics topics;
    private final KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers(),
            ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5,
            ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1),
            new ByteArraySerializer(), new ByteArraySerializer());

    public TopicWriter(Topics topics) {
        this.topics = topics;
        // fresh topics: wait until every partition has a leader before producing
        for (Topic<?, ?> t : topics.all()) {
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                    producer.partitionsFor(t.name()).stream().allMatch(p -> p.leader() != null && p.leader().id() >= 0));
        }
    }

    public static DocumentEvent event(String type, String docId, String title, String userId, String role, long at) {
        return new DocumentEvent(UUID.randomUUID().toString(), type, docId, title, userId, userId, role, at);
    }

    public void event(DocumentEvent e) {
        send(topics.docEvents(), e.docId(), e);
    }

    public void insert(String docId, long seq, int index, String text) {
        send(topics.docOps(), docId, new CanonicalOp(docId, seq, "u", 1, seq, "gw", null,
                new IndexView("insert", index, text, null), 0, 0));
    }

    public void selection(String docId, String by, String mentioned) {
        send(topics.mentionSelections(), docId, new MentionSelection(docId, by, mentioned, System.currentTimeMillis()));
    }

    public void raw(String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key.getBytes(), value));
    }

    private <V> void send(Topic<String, V> topic, String key, V value) {
        producer.send(new ProducerRecord<>(topic.name(), topic.keySerde().serializer().serialize(topic.name(), key),
                topic.valueSerde().serializer().serialize(topic.name(), value)));
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
