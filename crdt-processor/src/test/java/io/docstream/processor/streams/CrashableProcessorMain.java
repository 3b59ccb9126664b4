package io.docstream.processor.streams;

import io.docstream.processor.ProcessorSettings;
import io.docstream.processor.topology.RgaTopology;
import io.docstream.topics.Topics;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams;

/**
 * A processor instance in its own JVM, so that a test can kill it like a crashed machine
 * ({@code Process.destroyForcibly()}: no close, no flush, no commit). Prints {@code STATE <state>}
 * on every state change. Args: bootstrap servers, topic prefix, application id, state dir.
 */
public final class CrashableProcessorMain {

    private CrashableProcessorMain() {}

    public static void main(String[] args) throws InterruptedException {
        Topics topics = Topics.withPrefix(args[1]);
        KafkaStreams streams = new KafkaStreams(RgaTopology.build(topics, ProcessorSettings.defaults()),
                StreamsTestSupport.properties(args[0], args[2], Path.of(args[3])));
        streams.setStateListener((now, before) -> {
            System.out.println("STATE " + now);
            System.out.flush();
        });
        streams.start();
        new CountDownLatch(1).await();
    }
}
