package io.docstream.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.docstream.processor.fanout.FanoutRelay;
import io.docstream.processor.streams.StreamsRunner;
import io.docstream.protocol.CanonicalOp;
import io.docstream.protocol.ClientOp;
import io.docstream.protocol.Json;
import io.docstream.protocol.RedisChannels;
import io.docstream.protocol.WireOp;
import io.docstream.testsupport.KafkaTestBroker;
import io.docstream.testsupport.TestRedis;
import io.docstream.topics.Topics;
import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole app started programmatically (as the local stack launcher does): readiness follows
 * Kafka Streams, Streams metrics are on /actuator/prometheus, and a keystroke travels
 * doc-ops-in → processor → doc-ops (committed) → relay → Redis; the latency of that path is
 * measured and logged (not asserted: tests must not depend on machine speed).
 */
class ProcessorApplicationIT {

    private static final Logger log = LoggerFactory.getLogger(ProcessorApplicationIT.class);
    private static final int WARM_UP = 30;
    private static final int KEYSTROKES = 200;

    @TempDir
    Path stateDir;

    private record Received(long atNanos, long atMillis, CanonicalOp op) {}

    @Test
    void aKeystrokeReachesRedisAndTheAppReportsHealthAndMetrics() throws Exception {
        String bootstrap = KafkaTestBroker.bootstrapServers();
        Topics topics = KafkaTestBroker.freshTopics(4);
        String topicPrefix = KafkaTestBroker.prefixOf(topics);
        String redisPrefix = TestRedis.freshPrefix();
        BlockingQueue<Received> received = new LinkedBlockingQueue<>();
        RedisClient redis = RedisClient.create(TestRedis.URI);
        StatefulRedisPubSubConnection<String, String> sub = redis.connectPubSub();
        sub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String pattern, String channel, String message) {
                received.add(new Received(System.nanoTime(), System.currentTimeMillis(), Json.MAPPER.readValue(message, CanonicalOp.class)));
            }
        });
        sub.sync().psubscribe(new RedisChannels(redisPrefix).docPattern());

        HttpClient http = HttpClient.newHttpClient();
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(ProcessorApplication.class).properties(
                "server.port=0",
                "docstream.kafka.bootstrap-servers=" + bootstrap,
                "docstream.kafka.topic-prefix=" + topicPrefix,
                "docstream.processor.application-id=app-it-" + UUID.randomUUID(),
                "docstream.processor.state-dir=" + stateDir,
                "docstream.redis.uri=" + TestRedis.URI,
                "docstream.redis.channel-prefix=" + redisPrefix,
                "docstream.fanout.group-id=app-it-fanout-" + UUID.randomUUID(),
                "docstream.fanout.auto-offset-reset=earliest", "docstream.processor.commit-interval-ms=" + System.getProperty("it.commit.ms", "20")).run();
             KafkaProducer<String, ClientOp> producer = producer(bootstrap, topics)) {
            String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
            await().atMost(Duration.ofSeconds(60)).until(() -> get(http, base + "/actuator/health/readiness").statusCode() == 200);
            assertThat(get(http, base + "/actuator/health/readiness").body()).contains("\"kafkaStreams\"", "RUNNING");

            long[] latencies = new long[KEYSTROKES];
            long[] toProcessor = new long[KEYSTROKES];
            long[] toRedis = new long[KEYSTROKES];
            StringBuilder expected = new StringBuilder();
            String text = "";
            for (int i = 1; i <= WARM_UP + KEYSTROKES; i++) {
                String ch = Character.toString('a' + i % 26);
                WireOp op = new WireOp(WireOp.INSERT, new int[] {i, 7}, i == 1 ? null : new int[] {i - 1, 7}, ch, null);
                long t0 = System.nanoTime();
                producer.send(new ProducerRecord<>(topics.docOpsIn().name(), "doc-latency",
                        new ClientOp("doc-latency", "user-7", 7, i, "gw-1", op, System.currentTimeMillis())));
                Received r = received.poll(30, TimeUnit.SECONDS);
                assertThat(r).as("keystroke %s reached Redis", i).isNotNull();
                assertThat(r.op().seq()).isEqualTo(i);
                if (i > WARM_UP) {
                    latencies[i - WARM_UP - 1] = r.atNanos() - t0;
                    toProcessor[i - WARM_UP - 1] = (r.op().processedAt() - r.op().receivedAt()) * 1_000_000;
                    toRedis[i - WARM_UP - 1] = (r.atMillis() - r.op().processedAt()) * 1_000_000;
                }
                text = r.op().index().applyTo(text);
                expected.append(ch);
            }
            assertThat(text).isEqualTo(expected.toString());
            log.info("keystroke latency over {} sequential ops after {} warm-up ones: produce -> Redis {}; "
                    + "produce -> processed {}; processed -> Redis (EOS commit + relay) {}",
                    KEYSTROKES, WARM_UP, percentiles(latencies), percentiles(toProcessor), percentiles(toRedis));

            String metrics = get(http, base + "/actuator/prometheus").body();
            assertThat(metrics).contains("kafka_stream_").contains("kafka_stream_thread_process_total");

            StreamsRunner streams = app.getBean(StreamsRunner.class);
            FanoutRelay relay = app.getBean(FanoutRelay.class);
            assertThat(streams.isRunning()).isTrue();
            assertThat(relay.isRunning()).isTrue();
            app.close();
            assertThat(streams.isRunning()).isFalse();
            assertThat(relay.isRunning()).isFalse();
        } finally {
            sub.close();
            redis.shutdown();
        }
    }

    private static String percentiles(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return String.format("p50 %.1f / p90 %.1f / p99 %.1f / max %.1f ms", s[s.length / 2] / 1e6,
                s[s.length * 9 / 10] / 1e6, s[s.length * 99 / 100] / 1e6, s[s.length - 1] / 1e6);
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static KafkaProducer<String, ClientOp> producer(String bootstrap, Topics topics) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new KafkaProducer<>(p, topics.docOpsIn().keySerde().serializer(), topics.docOpsIn().valueSerde().serializer());
    }
}
