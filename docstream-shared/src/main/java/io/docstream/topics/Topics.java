package io.docstream.topics;

import io.docstream.protocol.CanonicalOp;
import io.docstream.protocol.ClientOp;
import io.docstream.protocol.DocumentEvent;
import io.docstream.protocol.MentionSelection;
import io.docstream.protocol.OpRejection;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The registry of every DocStream topic: names (kebab-case, under an optional prefix so that
 * tests get fresh topics) and serdes. All are keyed by document id.
 */
public record Topics(
        Topic<String, ClientOp> docOpsIn,
        Topic<String, CanonicalOp> docOps,
        Topic<String, OpRejection> opRejections,
        Topic<String, DocumentEvent> docEvents,
        Topic<String, MentionSelection> mentionSelections) {

    public static Topics withPrefix(String prefix) {
        String p = prefix == null ? "" : prefix;
        return new Topics(
                new Topic<>(p + "doc-ops-in", Serdes.String(), new JsonSerde<>(ClientOp.class)),
                new Topic<>(p + "doc-ops", Serdes.String(), new JsonSerde<>(CanonicalOp.class)),
                new Topic<>(p + "doc-op-rejections", Serdes.String(), new JsonSerde<>(OpRejection.class)),
                new Topic<>(p + "doc-events", Serdes.String(), new JsonSerde<>(DocumentEvent.class)),
                new Topic<>(p + "mention-selections", Serdes.String(), new JsonSerde<>(MentionSelection.class)));
    }

    public static Topics defaults() {
        return withPrefix("");
    }

    public List<Topic<?, ?>> all() {
        return List.of(docOpsIn, docOps, opRejections, docEvents, mentionSelections);
    }
}
