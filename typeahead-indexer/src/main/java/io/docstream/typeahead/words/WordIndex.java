package io.docstream.typeahead.words;

import io.docstream.protocol.CanonicalOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The word index of every document, a projection of the canonical op stream. */
public final class WordIndex {

    /** One document's checkpointed state. */
    public record DocText(String docId, long seq, String text) {}

    private final Map<String, DocumentWords> docs = new ConcurrentHashMap<>();
    private final int wordBudget;

    public WordIndex(int wordBudget) {
        this.wordBudget = wordBudget;
    }

    /** Writer thread only. */
    public void apply(CanonicalOp op) {
        if (op == null || op.docId() == null || op.index() == null || op.index().kind() == null) {
            throw new IllegalArgumentException("canonical op without docId or index view");
        }
        docs.computeIfAbsent(op.docId(), d -> new DocumentWords(wordBudget)).apply(op.seq(), op.index());
    }

    public void removeDocument(String docId) {
        docs.remove(docId);
    }

    public List<DocumentWords.Completion> complete(String docId, String prefix, int limit) {
        DocumentWords d = docs.get(docId);
        return d == null ? List.of() : d.complete(prefix, limit);
    }

    public DocumentWords get(String docId) {
        return docs.get(docId);
    }

    public List<DocText> snapshot() {
        List<DocText> out = new ArrayList<>(docs.size());
        docs.forEach((id, d) -> out.add(new DocText(id, d.seq(), d.text())));
        return out;
    }

    public void restore(List<DocText> texts) {
        docs.clear();
        for (DocText t : texts) {
            docs.put(t.docId(), DocumentWords.of(wordBudget, t.text(), t.seq()));
        }
    }

    public int documents() {
        return docs.size();
    }
}
