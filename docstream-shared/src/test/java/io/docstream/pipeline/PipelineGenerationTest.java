package io.docstream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.docstream.pipeline.PipelineGeneration.Phase;
import io.docstream.topics.Topics;
import org.junit.jupiter.api.Test;

class PipelineGenerationTest {

    @Test
    void eachPhaseSaysWhereOpsGoAndWhichGenerationProcesses() {
        assertThat(new PipelineGeneration(3, Phase.SWITCHING, 8).ingestGeneration()).isEqualTo(3);
        assertThat(new PipelineGeneration(3, Phase.SWITCHING, 8).processingGeneration()).isEqualTo(2);
        assertThat(new PipelineGeneration(3, Phase.MIGRATING, 8).processingGeneration()).isZero();
        assertThat(new PipelineGeneration(3, Phase.ACTIVE, 8).processingGeneration()).isEqualTo(3);
        assertThat(PipelineGeneration.initial(4)).isEqualTo(new PipelineGeneration(1, Phase.ACTIVE, 4));
        assertThatThrownBy(() -> new PipelineGeneration(0, Phase.ACTIVE, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PipelineGeneration(1, null, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void generationOneKeepsThePlainNames() {
        Topics t = Topics.withPrefix("p-");
        assertThat(t.forGeneration(1).docOpsIn().name()).isEqualTo("p-doc-ops-in");
        assertThat(t.forGeneration(2).docOpsIn().name()).isEqualTo("p-doc-ops-in-g2");
        assertThat(t.forGeneration(2).docOps()).isEqualTo(t.docOps());
        assertThat(PipelineGeneration.applicationId("app", 1)).isEqualTo("app");
        assertThat(PipelineGeneration.applicationId("app", 5)).isEqualTo("app-g5");
    }

    @Test
    void theControlRecordRoundTrips() {
        var topic = Topics.defaults().pipelineControl();
        PipelineGeneration g = new PipelineGeneration(2, Phase.MIGRATING, 12);
        byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), g);
        assertThat(new String(bytes, java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("{\"generation\":2,\"phase\":\"MIGRATING\",\"partitions\":12}");
        assertThat(topic.valueSerde().deserializer().deserialize(topic.name(), bytes)).isEqualTo(g);
    }
}
