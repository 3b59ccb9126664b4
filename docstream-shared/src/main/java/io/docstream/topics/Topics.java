package io.docstream.topics;

import io.docstream.pipeline.PipelineGeneration;
import io.docstream.protocol.CanonicalOp;
import io.docstream.protocol.ClientOp;
import io.docstream.protocol.DocumentEvent;
import io.docstream.protocol.MentionSelection;
import io.docstream.protocol.OpRejection;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The registry of every DocStream topic: names (kebab-case, under an optional prefix so that
 * tests get fresh topics) and serdes. The data topics ({@link #all()}) are keyed by document id;
 * {@link #pipelineControl()} is the one-partition compacted topic that records which generation of
 * {@code doc-ops-in} is live (see {@link PipelineGeneration}).
 */
public record Topics(
        Topic<String, ClientOp> docOpsIn,
        Topic<String, CanonicalOp> docOps,
        Topic<String, OpRejection> opRejections,
        Topic<String, DocumentEvent> docEvents,
        Topic<String, MentionSelection> mentionSelections,
        Topic<String, PipelineGeneration> pipelineControl) {

    public static Topics withPrefix(String prefix) {
        String p = prefix == null ? "" : prefix;
        return new Topics(
                new Topic<>(p + "doc-ops-in", Serdes.String(), new JsonSerde<>(ClientOp.class)),
                new Topic<>(p + "doc-ops", Serdes.String(), new JsonSerde<>(CanonicalOp.class)),
                new Topic<>(p + "doc-op-rejections", Serdes.String(), new JsonSerde<>(OpRejection.class)),
                new Topic<>(p + "doc-events", Serdes.String(), new JsonSerde<>(DocumentEvent.class)),
                new Topic<>(p + "mention-selections", Serdes.String(), new JsonSerde<>(MentionSelection.class)),
                new Topic<>(p + "pipeline-control", Serdes.String(), new JsonSerde<>(PipelineGeneration.class)));
    }

    public static Topics defaults() {
        return withPrefix("");
    }

    /** The same registry with {@code doc-ops-in} of generation {@code g} (generation 1 = this one). */
    public Topics forGeneration(int g) {
        Topic<String, ClientOp> in = new Topic<>(PipelineGeneration.inputTopic(docOpsIn.name(), g),
                docOpsIn.keySerde(), docOpsIn.valueSerde());
        return new Topics(in, docOps, opRejections, docEvents, mentionSelections, pipelineControl);
    }

    /** The data topics (generation 1), all keyed by document id; not the control topic. */
    public List<Topic<?, ?>> all() {
        return List.of(docOpsIn, docOps, opRejections, docEvents, mentionSelections);
    }
}
