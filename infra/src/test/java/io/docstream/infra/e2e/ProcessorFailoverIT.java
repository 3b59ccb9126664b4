package io.docstream.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Processor instances leave under load: one is killed without any shutdown (SIGKILL), another is
 * stopped gracefully (SIGTERM) after a replacement joined. No op is lost or duplicated and every
 * client converges on the text of the log.
 */
class ProcessorFailoverIT {

    static TestStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = TestStack.start(4, 50, List.of(), Map.of());
    }

    @AfterAll
    static void stop() {
        TestStack.stop(stack);
    }

    @Test
    void killedAndStoppedProcessorsLoseNothing() throws Exception {
        long seed = System.nanoTime();
        System.out.println("ProcessorFailoverIT seed=" + seed);
        Process p1 = stack.startProcessor("p1");
        Process p2 = stack.startProcessor("p2");
        try (TypingSession session = new TypingSession(stack, seed, 4, 2, "failover")) {
            session.typeRound(15);
            // make sure both instances have really processed something before the crash
            session.settle();

            session.typeRound(15);
            p1.destroyForcibly();                       // SIGKILL mid-stream: no shutdown at all
            assertThat(p1.waitFor(10, TimeUnit.SECONDS)).isTrue();
            session.typeRound(15);

            stack.startProcessor("p3");
            session.typeRound(15);
            p2.destroy();                               // SIGTERM: graceful close of Streams
            assertThat(p2.waitFor(60, TimeUnit.SECONDS)).isTrue();
            session.typeRound(15);

            session.settle();
            session.assertConvergedOnTheLog();
        }
    }
}
