package io.docstream.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.docstream.protocol.CanonicalOp;
import io.docstream.protocol.ClientOp;
import io.docstream.protocol.DocumentEvent;
import io.docstream.protocol.IndexView;
import io.docstream.protocol.MentionSelection;
import io.docstream.protocol.OpRejection;
import io.docstream.protocol.WireOp;
import io.docstream.topics.Topic;
import io.docstream.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** Every registry topic's key and value serde round-trips a sample and null (tombstones). */
class TopicSerdesTest {

    private static final Topics TOPICS = Topics.withPrefix("p-");

    private static final WireOp INSERT = new WireOp(WireOp.INSERT, new int[] {5, 2}, new int[] {4, 1}, "h\uD83D\uDE00", null);
    private static final WireOp DELETE = new WireOp(WireOp.DELETE, null, null, null, List.of(new int[] {1, 2, 3}));

    private static final Map<String, Object> SAMPLES = Map.of(
            TOPICS.docOpsIn().name(), new ClientOp("doc-1", "user-1", 2, 7, "gw-a", INSERT, 1234L),
            TOPICS.docOps().name(), new CanonicalOp("doc-1", 42, "user-1", 2, 7, "gw-a", DELETE,
                    new IndexView("delete", null, null, List.of(new int[] {3, 1}, new int[] {0, 2})), 1234L, 1240L),
            TOPICS.opRejections().name(), new OpRejection("doc-1", "gw-a", 2, 7, "FORGED_SITE", "nope", 99L),
            TOPICS.docEvents().name(), new DocumentEvent("ev-1", DocumentEvent.SHARED, "doc-1", "Title", "owner",
                    "user-2", "editor", 5L),
            TOPICS.mentionSelections().name(), new MentionSelection("doc-1", "user-1", "user-2", 6L));

    @Test
    void everyTopicHasASampleAndAPrefixedKebabCaseName() {
        assertThat(TOPICS.all()).hasSize(SAMPLES.size());
        for (Topic<?, ?> t : TOPICS.all()) {
            assertThat(SAMPLES).containsKey(t.name());
            assertThat(t.name()).matches("p-[a-z]+(-[a-z]+)*");
        }
    }

    @Test
    void valuesRoundTrip() {
        for (Topic<?, ?> t : TOPICS.all()) {
            assertThat(roundTrip(t, SAMPLES.get(t.name()))).as(t.name()).usingRecursiveComparison()
                    .isEqualTo(SAMPLES.get(t.name()));
        }
    }

    @Test
    void keysRoundTripAndNullsAreTombstonesBothWays() {
        for (Topic<?, ?> t : TOPICS.all()) {
            assertThat(keyRoundTrip(t, "doc-\u00e9")).isEqualTo("doc-\u00e9");
            assertThat(t.valueSerde().serializer().serialize(t.name(), null)).as(t.name()).isNull();
            assertThat(t.valueSerde().deserializer().deserialize(t.name(), null)).as(t.name()).isNull();
            assertThat(t.keySerde().deserializer().deserialize(t.name(), null)).as(t.name()).isNull();
        }
    }

    @Test
    void garbageIsASerializationException() {
        for (Topic<?, ?> t : TOPICS.all()) {
            assertThatThrownBy(() -> t.valueSerde().deserializer().deserialize(t.name(),
                    "{not json".getBytes(StandardCharsets.UTF_8))).isInstanceOf(SerializationException.class);
        }
    }

    @Test
    void canonicalOpJsonHasTheDocumentedFieldNames() {
        byte[] json = TOPICS.docOps().valueSerde().serializer().serialize("t", (CanonicalOp) SAMPLES.get(TOPICS.docOps().name()));
        assertThat(new String(json, StandardCharsets.UTF_8))
                .contains("\"docId\":\"doc-1\"", "\"seq\":42", "\"op\":{\"kind\":\"delete\",\"ranges\":[[1,2,3]]}",
                        "\"index\":{\"kind\":\"delete\",\"ranges\":[[3,1],[0,2]]}", "\"processedAt\":1240");
    }

    @SuppressWarnings("unchecked")
    private static <V> V roundTrip(Topic<?, V> t, Object value) {
        byte[] bytes = t.valueSerde().serializer().serialize(t.name(), (V) value);
        return t.valueSerde().deserializer().deserialize(t.name(), bytes);
    }

    @SuppressWarnings("unchecked")
    private static <K> K keyRoundTrip(Topic<K, ?> t, Object key) {
        return t.keySerde().deserializer().deserialize(t.name(), t.keySerde().serializer().serialize(t.name(), (K) key));
    }
}
