package io.docstream.projection.writer;

import io.docstream.protocol.CanonicalOp;
import io.docstream.protocol.IndexView;
import io.docstream.protocol.Json;
import io.docstream.protocol.WireOp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * One poll's worth of {@code doc-ops} records turned into {@code ops_log} rows: parsed,
 * validated, de-duplicated on {@code (docId, seq)} and grouped per document in {@code seq} order.
 * Pure (no I/O), so that it is tested without services.
 *
 * <p>Records that cannot become a row (unreadable JSON, a document id that is not a UUID, an op
 * kind the schema does not allow...) are reported in {@link #rejected()} rather than thrown: a
 * poison record must not stop the log of every other document.
 */
public final class OpsBatch {

    /** A record that was skipped, with the reason. */
    public record Rejected(TopicPartition partition, long offset, String reason) {}

    private final List<LoggedOp> ops;
    private final Map<UUID, List<LoggedOp>> byDocument;
    private final List<Rejected> rejected;
    private final int duplicatesInBatch;
    private final int sanitized;

    private OpsBatch(List<LoggedOp> ops, Map<UUID, List<LoggedOp>> byDocument, List<Rejected> rejected,
                     int duplicatesInBatch, int sanitized) {
        this.ops = ops;
        this.byDocument = byDocument;
        this.rejected = rejected;
        this.duplicatesInBatch = duplicatesInBatch;
        this.sanitized = sanitized;
    }

    /**
     * Builds the batch. {@code records} are in poll order (per partition by offset), values are
     * the raw JSON bytes read with a byte-array deserializer and parsed here with
     * {@code valueDeserializer} (the {@code doc-ops} serde), so that the stored payload is exactly
     * what was published and one unreadable record does not wedge the consumer.
     */
    public static OpsBatch of(Iterable<ConsumerRecord<String, byte[]>> records,
                              Deserializer<CanonicalOp> valueDeserializer) {
        List<LoggedOp> ops = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        Map<UUID, Map<Long, LoggedOp>> perDoc = new LinkedHashMap<>();
        int duplicates = 0;
        int sanitized = 0;
        for (ConsumerRecord<String, byte[]> rec : records) {
            TopicPartition tp = new TopicPartition(rec.topic(), rec.partition());
            if (rec.value() == null) {
                rejected.add(new Rejected(tp, rec.offset(), "null value (tombstone)"));
                continue;
            }
            CanonicalOp op;
            try {
                op = valueDeserializer.deserialize(rec.topic(), rec.value());
            } catch (RuntimeException e) {
                rejected.add(new Rejected(tp, rec.offset(), "unreadable canonical op: " + rootMessage(e)));
                continue;
            }
            String problem = validate(op);
            if (problem != null) {
                rejected.add(new Rejected(tp, rec.offset(), problem));
                continue;
            }
            String payload = new String(rec.value(), StandardCharsets.UTF_8);
            if (payload.contains("u0000")) {
                // PostgreSQL jsonb cannot hold U+0000: store U+FFFD instead (see docs/analytics.md)
                CanonicalOp clean = withoutNul(op);
                if (clean != op) {
                    op = clean;
                    payload = Json.MAPPER.writeValueAsString(clean);
                    sanitized++;
                }
            }
            UUID docId = UUID.fromString(op.docId());
            LoggedOp row = new LoggedOp(docId, op.seq(), op.opId(), userIdOrNull(op.userId()), op.site(),
                    op.op().kind(), payload, op);
            Map<Long, LoggedOp> seqs = perDoc.computeIfAbsent(docId, d -> new HashMap<>());
            if (seqs.putIfAbsent(op.seq(), row) != null) {
                duplicates++;
                continue;
            }
            ops.add(row);
        }
        Map<UUID, List<LoggedOp>> byDocument = new LinkedHashMap<>();
        perDoc.forEach((doc, seqs) -> {
            List<LoggedOp> list = new ArrayList<>(seqs.values());
            list.sort(Comparator.comparingLong(LoggedOp::seq));
            byDocument.put(doc, List.copyOf(list));
        });
        return new OpsBatch(List.copyOf(ops), byDocument, List.copyOf(rejected), duplicates, sanitized);
    }

    /** The rows to insert, in poll order, unique on {@code (docId, seq)}. */
    public List<LoggedOp> ops() {
        return ops;
    }

    /** The same rows per document, each list sorted by {@code seq}. */
    public Map<UUID, List<LoggedOp>> byDocument() {
        return byDocument;
    }

    public List<Rejected> rejected() {
        return rejected;
    }

    /** Records whose {@code (docId, seq)} appeared earlier in the same batch. */
    public int duplicatesInBatch() {
        return duplicatesInBatch;
    }

    /** Ops whose text contained U+0000, stored with U+FFFD instead. */
    public int sanitized() {
        return sanitized;
    }

    /**
     * The largest multiple of {@code every} in {@code (fromExclusive, toInclusive]}, or 0 when
     * there is none: the seq at which a snapshot is due while a replica advances over that range.
     */
    public static long lastSnapshotBoundary(long fromExclusive, long toInclusive, int every) {
        if (every < 1) {
            throw new IllegalArgumentException("every must be >= 1: " + every);
        }
        if (toInclusive <= fromExclusive || toInclusive < every) {
            return 0;
        }
        long boundary = toInclusive - Math.floorMod(toInclusive, (long) every);
        return boundary > fromExclusive ? boundary : 0;
    }

    static String validate(CanonicalOp op) {
        if (op == null) {
            return "empty canonical op";
        }
        if (op.docId() == null || !isUuid(op.docId())) {
            return "docId is not a UUID: " + op.docId();
        }
        if (op.seq() < 1) {
            return "seq must be >= 1: " + op.seq();
        }
        WireOp wire = op.op();
        if (wire == null || !(WireOp.INSERT.equals(wire.kind()) || WireOp.DELETE.equals(wire.kind()))) {
            return "op.kind must be insert or delete";
        }
        if (op.index() == null || op.index().kind() == null) {
            return "index view missing";
        }
        return null;
    }

    private static CanonicalOp withoutNul(CanonicalOp op) {
        WireOp w = op.op();
        IndexView i = op.index();
        boolean wireNul = w.text() != null && w.text().indexOf('\0') >= 0;
        boolean indexNul = i.text() != null && i.text().indexOf('\0') >= 0;
        if (!wireNul && !indexNul) {
            return op;
        }
        WireOp w2 = wireNul ? new WireOp(w.kind(), w.id(), w.origin(), w.text().replace('\0', '\uFFFD'), w.ranges()) : w;
        IndexView i2 = indexNul ? new IndexView(i.kind(), i.index(), i.text().replace('\0', '\uFFFD'), i.ranges()) : i;
        return new CanonicalOp(op.docId(), op.seq(), op.userId(), op.site(), op.clientSeq(), op.gatewayId(),
                w2, i2, op.receivedAt(), op.processedAt());
    }

    private static UUID userIdOrNull(String userId) {
        return userId != null && isUuid(userId) ? UUID.fromString(userId) : null;
    }

    private static boolean isUuid(String s) {
        if (s.length() != 36) {
            return false;
        }
        try {
            UUID.fromString(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
