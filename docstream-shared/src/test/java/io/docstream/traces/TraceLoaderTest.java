package io.docstream.traces;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TraceLoaderTest {

    @Test
    void loadsSequentialTraceShapeAndName() {
        Trace t = TraceLoader.load(TracePaths.root().resolve("sequential/automerge-paper.json.gz"));
        assertThat(t.name()).isEqualTo("automerge-paper");
        assertThat(t.txns()).hasSize(259_778);
        assertThat(t.patchCount()).isEqualTo(259_778);
        assertThat(t.endContent().codePointCount(0, t.endContent().length())).isEqualTo(104_852);
    }

    @Test
    void loadsConcurrentTraceWithParentsAndAgents() {
        Trace t = TraceLoader.load(TracePaths.root().resolve("concurrent/clownschool.json.gz"));
        assertThat(t.concurrent()).isTrue();
        assertThat(t.numAgents()).isEqualTo(3);
        assertThat(t.patchCount()).isEqualTo(23_182);
        assertThat(t.txns().get(0).parents()).isEmpty();
        assertThat(t.txns().stream().filter(x -> x.parents().length >= 2).count()).isEqualTo(3_628);
    }

    @Test
    void namesAsciiOnlyCopies() {
        assertThat(TraceLoader.nameOf(Path.of("/x/sequential/ascii_only/rustcode.json.gz"))).isEqualTo("ascii_only/rustcode");
    }

    @Test
    void patchSemanticsCountCodePoints() {
        assertThat(new Patch(1, 1, "\uD83D\uDE00").applyTo("a\uD83C\uDF89b")).isEqualTo("a\uD83D\uDE00b");
    }
}
