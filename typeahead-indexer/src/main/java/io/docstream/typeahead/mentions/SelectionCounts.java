package io.docstream.typeahead.mentions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How often each user was picked from the @-mention list of each document: a projection of the
 * mention-selections topic, checkpointed with the topic offsets it covers.
 */
public final class SelectionCounts {

    /** One (document, user, count) row, as checkpointed. */
    public record Row(String docId, String userId, long count) {}

    private final Map<String, Map<String, Long>> counts = new ConcurrentHashMap<>();

    public long increment(String docId, String userId) {
        return counts.computeIfAbsent(docId, d -> new ConcurrentHashMap<>()).merge(userId, 1L, Long::sum);
    }

    public long get(String docId, String userId) {
        Map<String, Long> m = counts.get(docId);
        Long v = m == null ? null : m.get(userId);
        return v == null ? 0 : v;
    }

    public void removeDocument(String docId) {
        counts.remove(docId);
    }

    public List<Row> rows() {
        List<Row> out = new ArrayList<>();
        counts.forEach((doc, m) -> m.forEach((user, n) -> out.add(new Row(doc, user, n))));
        return out;
    }

    public void restore(List<Row> rows) {
        counts.clear();
        for (Row r : rows) {
            counts.computeIfAbsent(r.docId(), d -> new ConcurrentHashMap<>()).put(r.userId(), r.count());
        }
    }
}
