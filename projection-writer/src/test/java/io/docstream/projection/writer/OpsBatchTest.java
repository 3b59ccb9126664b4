package io.docstream.projection.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.docstream.protocol.CanonicalOp;
import io.docstream.protocol.IndexView;
import io.docstream.protocol.Json;
import io.docstream.protocol.WireOp;
import io.docstream.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

class OpsBatchTest {

    private static final String TOPIC = "doc-ops";
    private static final Deserializer<CanonicalOp> DESER = Topics.defaults().docOps().valueSerde().deserializer();
    private final UUID docA = UUID.randomUUID();
    private final UUID docB = UUID.randomUUID();
    private final UUID user = UUID.randomUUID();
    private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    private long offset;

    private CanonicalOp insert(UUID doc, long seq, String text) {
        WireOp w = new WireOp("insert", new int[] {(int) seq, 7}, null, text, null);
        IndexView i = new IndexView("insert", 0, text, null);
        return new CanonicalOp(doc.toString(), seq, user.toString(), 7, seq, "gw-1", w, i, 1L, 2L);
    }

    private void add(int partition, String key, byte[] value) {
        records.add(new ConsumerRecord<>(TOPIC, partition, offset++, key, value));
    }

    private void add(int partition, CanonicalOp op) {
        add(partition, op.docId(), Json.MAPPER.writeValueAsBytes(op));
    }

    @Test
    void groupsPerDocumentSortedBySeqAndKeepsThePublishedBytes() {
        add(0, insert(docA, 2, "b"));
        add(1, insert(docB, 1, "x"));
        add(0, insert(docA, 1, "a"));
        add(0, insert(docA, 3, "c"));

        OpsBatch batch = OpsBatch.of(records, DESER);

        assertThat(batch.rejected()).isEmpty();
        assertThat(batch.ops()).extracting(LoggedOp::seq).containsExactly(2L, 1L, 1L, 3L);
        assertThat(batch.byDocument().keySet()).containsExactly(docA, docB);
        assertThat(batch.byDocument().get(docA)).extracting(LoggedOp::seq).containsExactly(1L, 2L, 3L);
        LoggedOp first = batch.ops().get(0);
        assertThat(first.payloadJson()).isEqualTo(new String(records.get(0).value(), StandardCharsets.UTF_8));
        assertThat(first.opId()).isEqualTo("7:2");
        assertThat(first.userId()).isEqualTo(user);
        assertThat(first.kind()).isEqualTo("insert");
        assertThat(first.site()).isEqualTo(7);
    }

    @Test
    void dropsDuplicatesOfTheSameDocAndSeqWithinTheBatch() {
        add(0, insert(docA, 1, "a"));
        add(0, insert(docA, 1, "a"));
        add(0, insert(docB, 1, "a"));

        OpsBatch batch = OpsBatch.of(records, DESER);

        assertThat(batch.ops()).hasSize(2);
        assertThat(batch.duplicatesInBatch()).isEqualTo(1);
    }

    @Test
    void rejectsPoisonRecordsWithoutFailingTheBatch() {
        add(0, docA.toString(), null);
        add(0, docA.toString(), "{not json".getBytes(StandardCharsets.UTF_8));
        CanonicalOp notUuid = insert(docA, 1, "a");
        add(0, new CanonicalOp("doc-1", 1, null, 1, 1, "g", notUuid.op(), notUuid.index(), 0, 0));
        add(0, new CanonicalOp(docA.toString(), 0, null, 1, 1, "g", notUuid.op(), notUuid.index(), 0, 0));
        add(0, new CanonicalOp(docA.toString(), 2, null, 1, 1, "g",
                new WireOp("move", null, null, null, null), notUuid.index(), 0, 0));
        add(0, new CanonicalOp(docA.toString(), 3, null, 1, 1, "g", notUuid.op(), null, 0, 0));
        add(0, insert(docA, 4, "ok"));

        OpsBatch batch = OpsBatch.of(records, DESER);

        assertThat(batch.ops()).extracting(LoggedOp::seq).containsExactly(4L);
        assertThat(batch.rejected()).extracting(OpsBatch.Rejected::offset).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        assertThat(batch.rejected().get(1).reason()).startsWith("unreadable canonical op");
        assertThat(batch.rejected().get(2).reason()).contains("not a UUID");
    }

    @Test
    void userIdThatIsNotAUuidIsStoredAsNull() {
        CanonicalOp op = insert(docA, 1, "a");
        add(0, new CanonicalOp(op.docId(), 1, "bob", 7, 1, "g", op.op(), op.index(), 0, 0));

        assertThat(OpsBatch.of(records, DESER).ops().get(0).userId()).isNull();
    }

    @Test
    void nulCharactersAreStoredAsReplacementCharactersBecauseJsonbRejectsThem() {
        add(0, insert(docA, 1, "a\0b"));
        add(0, insert(docA, 2, "literal \\u0000 stays"));

        OpsBatch batch = OpsBatch.of(records, DESER);

        assertThat(batch.sanitized()).isEqualTo(1);
        LoggedOp nul = batch.ops().get(0);
        assertThat(nul.payloadJson()).doesNotContain("\\u0000");
        CanonicalOp stored = Json.MAPPER.readValue(nul.payloadJson(), CanonicalOp.class);
        assertThat(stored.op().text()).isEqualTo("a\uFFFDb");
        assertThat(stored.index().text()).isEqualTo("a\uFFFDb");
        assertThat(nul.op().op().text()).isEqualTo("a\uFFFDb");
        LoggedOp literal = batch.ops().get(1);
        assertThat(literal.payloadJson()).isEqualTo(new String(records.get(1).value(), StandardCharsets.UTF_8));
    }

    @Test
    void snapshotBoundaryIsTheLastMultipleInsideTheRange() {
        assertThat(OpsBatch.lastSnapshotBoundary(0, 99, 100)).isZero();
        assertThat(OpsBatch.lastSnapshotBoundary(0, 100, 100)).isEqualTo(100);
        assertThat(OpsBatch.lastSnapshotBoundary(99, 100, 100)).isEqualTo(100);
        assertThat(OpsBatch.lastSnapshotBoundary(100, 199, 100)).isZero();
        assertThat(OpsBatch.lastSnapshotBoundary(100, 350, 100)).isEqualTo(300);
        assertThat(OpsBatch.lastSnapshotBoundary(300, 300, 100)).isZero();
        assertThat(OpsBatch.lastSnapshotBoundary(5, 3, 1)).isZero();
        assertThat(OpsBatch.lastSnapshotBoundary(3, 5, 1)).isEqualTo(5);
        assertThatThrownBy(() -> OpsBatch.lastSnapshotBoundary(0, 5, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
