package io.docstream.processor.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.docstream.processor.KafkaSettings;
import io.docstream.protocol.CanonicalOp;
import io.docstream.protocol.IndexView;
import io.docstream.protocol.Json;
import io.docstream.protocol.OpRejection;
import io.docstream.protocol.RedisChannels;
import io.docstream.protocol.WireOp;
import io.docstream.testsupport.KafkaTestBroker;
import io.docstream.testsupport.TestRedis;
import io.docstream.topics.Topics;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The relay against the embedded broker and the local Redis, under a fresh channel prefix. */
class FanoutRelayIT {

    private record Message(String channel, String body) {}

    private final String bootstrap = KafkaTestBroker.bootstrapServers();
    private final Topics topics = KafkaTestBroker.freshTopics(2);
    private final String prefix = TestRedis.freshPrefix();
    private final RedisChannels channels = new RedisChannels(prefix);
    private final ConcurrentLinkedQueue<Message> received = new ConcurrentLinkedQueue<>();
    private RedisClient redis;
    private StatefulRedisPubSubConnection<String, String> sub;
    private StatefulRedisConnection<String, String> cmd;
    private FanoutRelay relay;
    private KafkaProducer<String, byte[]> producer;

    @BeforeEach
    void setUp() {
        redis = RedisClient.create(TestRedis.URI);
        cmd = redis.connect();
        sub = redis.connectPubSub();
        sub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                received.add(new Message(channel, message));
            }

            @Override
            public void message(String pattern, String channel, String message) {
                received.add(new Message(channel, message));
            }
        });
        sub.sync().psubscribe(channels.docPattern());
        sub.sync().subscribe(channels.gateway("gw-1"));
        relay = new FanoutRelay(topics, new KafkaSettings(bootstrap, ""),
                FanoutSettings.defaults().withGroup("fanout-" + UUID.randomUUID(), "earliest"),
                new RedisSettings(TestRedis.URI, prefix));
        relay.start();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "fanout-it-" + UUID.randomUUID());
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        producer.initTransactions();
    }

    @AfterEach
    void tearDown() {
        if (relay != null) {
            relay.stop();
        }
        if (producer != null) {
            producer.close();
        }
        sub.close();
        cmd.close();
        redis.shutdown();
    }

    private static CanonicalOp op(String doc, long seq) {
        return new CanonicalOp(doc, seq, "user-1", 1, seq, "gw-1",
                new WireOp(WireOp.INSERT, new int[] {(int) seq, 1}, seq == 1 ? null : new int[] {(int) seq - 1, 1}, "x", null),
                new IndexView("insert", (int) seq - 1, "x", null), 10L, 20L);
    }

    private void send(boolean commit, List<Object> values) {
        producer.beginTransaction();
        for (Object v : values) {
            if (v instanceof CanonicalOp op) {
                producer.send(new ProducerRecord<>(topics.docOps().name(), op.docId(),
                        topics.docOps().valueSerde().serializer().serialize("", op)));
            } else {
                OpRejection r = (OpRejection) v;
                producer.send(new ProducerRecord<>(topics.opRejections().name(), r.docId(),
                        topics.opRejections().valueSerde().serializer().serialize("", r)));
            }
        }
        if (commit) {
            producer.commitTransaction();
        } else {
            producer.flush();
            producer.abortTransaction();
        }
    }

    private List<String> bodies(String channel) {
        return received.stream().filter(m -> m.channel().equals(channel)).map(Message::body).toList();
    }

    private static String json(Object value) {
        return Json.MAPPER.writeValueAsString(value);
    }

    @Test
    void committedOpsReachTheDocChannelAndRejectionsTheGatewayChannel() {
        OpRejection rejection = new OpRejection("a", "gw-1", 2, 7, "FORGED_SITE", "not your site", 30L);
        send(true, List.of(op("a", 1), op("a", 2), op("b", 1), rejection, op("a", 3)));
        send(false, List.of(op("a", 99), op("b", 99))); // aborted: must never reach a client
        send(true, List.of(op("a", 4), op("b", 2)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(bodies(channels.doc("a"))).containsExactly(json(op("a", 1)), json(op("a", 2)),
                    json(op("a", 3)), json(op("a", 4)));
            assertThat(bodies(channels.doc("b"))).containsExactly(json(op("b", 1)), json(op("b", 2)));
            assertThat(bodies(channels.gateway("gw-1"))).containsExactly(json(rejection));
        });
        assertThat(cmd.sync().get(channels.docSeqKey("a"))).isEqualTo("4");
        assertThat(cmd.sync().get(channels.docSeqKey("b"))).isEqualTo("2");

        // a replayed (older) op is published again but never lowers the published seq
        send(true, List.of(op("a", 2), op("c", 1)));
        await().atMost(Duration.ofSeconds(30)).until(() -> bodies(channels.doc("c")).size() == 1);
        assertThat(bodies(channels.doc("a"))).hasSize(5);
        assertThat(cmd.sync().get(channels.docSeqKey("a"))).isEqualTo("4");
        assertThat(cmd.sync().get(channels.docSeqKey("c"))).isEqualTo("1");

        relay.stop();
        assertThat(relay.isRunning()).isFalse();
        relay = null;
    }
}
