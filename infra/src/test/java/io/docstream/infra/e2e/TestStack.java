package io.docstream.infra.e2e;

import io.docstream.gateway.GatewayApplication;
import io.docstream.projection.ProjectionApplication;
import io.docstream.testsupport.KafkaTestBroker;
import io.docstream.testsupport.PostgresTestDatabase;
import io.docstream.testsupport.TestRedis;
import io.docstream.topics.Topics;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole pipeline for one test class, on real services: the embedded KRaft broker (fresh
 * topics), a fresh PostgreSQL database, a fresh Redis prefix; gateways and the projection writer
 * as Spring contexts in this JVM; crdt-processor instances as separate JVM processes, so that a
 * test can kill one without a clean shutdown ({@code kill -9}).
 */
final class TestStack implements AutoCloseable {

    final PostgresTestDatabase db = PostgresTestDatabase.create();
    final Topics topics;
    final String topicPrefix;
    final String redisPrefix = TestRedis.freshPrefix();
    final String appId = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
    final Path workDir;
    final List<ConfigurableApplicationContext> gateways = new ArrayList<>();
    final List<Process> processors = new ArrayList<>();
    ConfigurableApplicationContext projection;

    TestStack(int partitions) throws IOException {
        this.topics = KafkaTestBroker.freshTopics(partitions);
        this.topicPrefix = KafkaTestBroker.prefixOf(topics);
        this.workDir = Files.createTempDirectory("docstream-e2e-");
    }

    /**
     * A stack with the given crdt-processor instances (child JVMs), the projection writer (snapshot
     * every {@code snapshotEvery} ops) and two gateways, {@code gw-a} and {@code gw-b}.
     */
    static TestStack start(int partitions, int snapshotEvery, List<String> processors,
                           Map<String, Object> gatewayProps) throws IOException {
        TestStack stack = new TestStack(partitions);
        for (String p : processors) {
            stack.startProcessor(p);
        }
        stack.startProjection(snapshotEvery);
        stack.startGateway("gw-a", gatewayProps);
        stack.startGateway("gw-b", gatewayProps);
        return stack;
    }

    /** For {@code @AfterAll}: closes a stack that may not have started. */
    static void stop(TestStack stack) {
        if (stack != null) {
            stack.close();
        }
    }

    private Map<String, Object> common() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("spring.config.name", "docstream-e2e-none"); // module application.yml files collide on one classpath
        p.put("server.port", "0");
        p.put("docstream.kafka.bootstrap-servers", KafkaTestBroker.bootstrapServers());
        p.put("docstream.kafka.topic-prefix", topicPrefix);
        p.put("docstream.redis.channel-prefix", redisPrefix);
        p.put("spring.datasource.url", db.jdbcUrl());
        p.put("spring.datasource.username", db.user());
        p.put("spring.datasource.password", "");
        p.put("management.endpoints.web.exposure.include", "health,prometheus");
        return p;
    }

    ConfigurableApplicationContext startGateway(String gatewayId) {
        return startGateway(gatewayId, Map.of());
    }

    ConfigurableApplicationContext startGateway(String gatewayId, Map<String, Object> extra) {
        Map<String, Object> p = gatewayProps(gatewayId);
        p.putAll(extra);
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(GatewayApplication.class).properties(p).run();
        gateways.add(ctx);
        return ctx;
    }

    /** A gateway in its own JVM (so a test can kill it without any shutdown); returns its ws URI. */
    record GatewayProcess(Process process, URI ws) {}

    GatewayProcess startGatewayProcess(String gatewayId, Map<String, Object> extra) throws IOException {
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Map<String, Object> p = gatewayProps(gatewayId);
        p.putAll(extra);
        p.put("server.port", Integer.toString(port));
        Process proc = startJvm("io.docstream.gateway.GatewayApplication", p, "gateway-" + gatewayId);
        URI ws = URI.create("ws://127.0.0.1:" + port + "/ws");
        var http = java.net.http.HttpClient.newHttpClient();
        var ready = java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness")).build();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(120)).until(() -> {
            try {
                return http.send(ready, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
        return new GatewayProcess(proc, ws);
    }

    private Map<String, Object> gatewayProps(String gatewayId) {
        Map<String, Object> p = common();
        p.put("docstream.collab.gateway-id", gatewayId);
        p.put("docstream.collab.tail-check-interval", "200ms");
        p.put("docstream.edge.rate-limit.rest-capacity", "100000");
        // trace replays push thousands of ops per second through one socket; EdgeIT tests the limiter
        p.put("docstream.edge.rate-limit.ops-per-second", "1000000");
        p.put("docstream.edge.rate-limit.op-burst", "1000000");
        return p;
    }

    void startProjection(int snapshotEvery) {
        Map<String, Object> p = common();
        p.put("docstream.projection.snapshot-every", Integer.toString(snapshotEvery));
        projection = new SpringApplicationBuilder(ProjectionApplication.class).properties(p).run();
    }

    /** Starts a crdt-processor instance as a child JVM (same application id: one consumer group). */
    Process startProcessor(String name) throws IOException {
        // the test classpath holds every module, so JDBC auto-configuration is active here too
        Map<String, Object> p = common();
        p.put("docstream.processor.application-id", appId);
        p.put("docstream.processor.state-dir", workDir.resolve("state-" + name).toString());
        p.put("docstream.processor.session-timeout", "6s");
        return startJvm("io.docstream.processor.ProcessorApplication", p, "processor-" + name);
    }

    private Process startJvm(String mainClass, Map<String, Object> props, String logName) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), mainClass));
        props.forEach((k, v) -> cmd.add("--" + k + "=" + v));
        File log = workDir.resolve(logName + ".log").toFile();
        Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
        processors.add(proc);
        return proc;
    }

    URI ws(int gateway) {
        int port = ((WebServerApplicationContext) gateways.get(gateway)).getWebServer().getPort();
        return URI.create("ws://127.0.0.1:" + port + "/ws");
    }

    String processorLog(String name) throws IOException {
        return Files.readString(workDir.resolve("processor-" + name + ".log"));
    }

    @Override
    public void close() {
        for (Process p : processors) {
            p.destroy();
        }
        for (Process p : processors) {
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        gateways.forEach(ConfigurableApplicationContext::close);
        if (projection != null) {
            projection.close();
        }
        db.close();
    }
}
