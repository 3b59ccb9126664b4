package io.docstream.projection.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayCliTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return ReplayCli.run(args, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: doc-at DOC_ID SEQ");
        assertThat(run("not-a-uuid", "3")).isEqualTo(2);
        assertThat(run("6f1c2a4e-1111-4a4a-9a9a-0123456789ab", "-1")).isEqualTo(2);
        assertThat(run("6f1c2a4e-1111-4a4a-9a9a-0123456789ab", "x")).isEqualTo(2);
        assertThat(out.size()).isZero();
    }
}
