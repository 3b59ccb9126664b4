package io.docstream.infra.local;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.Uuid;

/**
 * Runs a real single-node Kafka broker in KRaft mode (broker + controller in one process) from the
 * Kafka artifacts on Maven Central — no Docker, no download. Formats the storage on first start.
 *
 * <p>Usage: {@code LocalKafka DATA_DIR [PORT] [CONTROLLER_PORT]} (defaults 9092, 9093). Stops
 * cleanly on SIGTERM/Ctrl-C (Kafka's own shutdown hook).
 */
public final class LocalKafka {

    private LocalKafka() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : ".local/kafka").toAbsolutePath();
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 9092;
        int controllerPort = args.length > 2 ? Integer.parseInt(args[2]) : 9093;
        Files.createDirectories(dir);
        Path logs = dir.resolve("logs");
        Path props = dir.resolve("server.properties");
        Files.write(props, List.of(
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@localhost:" + controllerPort,
                "listeners=PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort,
                "advertised.listeners=PLAINTEXT://localhost:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + logs,
                "num.partitions=6",
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1",
                // a one-broker cluster needs these for exactly-once (else Streams loops on NotCoordinator)
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1"));
        if (!Files.exists(logs.resolve("meta.properties"))) {
            String clusterId = Uuid.randomUuid().toString();
            kafka.tools.StorageTool.execute(new String[] {"format", "-t", clusterId, "-c", props.toString()},
                    new PrintStream(System.out, true));
        }
        kafka.Kafka.main(new String[] {props.toString()});
    }
}
