package io.docstream.gateway.collab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.docstream.client.DocStreamClient;
import io.docstream.crdt.Op;
import io.docstream.crdt.Rga;
import io.docstream.gateway.GatewayApplication;
import io.docstream.protocol.CanonicalOp;
import io.docstream.protocol.ClientOp;
import io.docstream.protocol.IndexView;
import io.docstream.protocol.Json;
import io.docstream.protocol.RedisChannels;
import io.docstream.protocol.WireOp;
import io.docstream.testsupport.Fixtures;
import io.docstream.testsupport.Fixtures.TestUser;
import io.docstream.testsupport.KafkaTestBroker;
import io.docstream.testsupport.PostgresTestDatabase;
import io.docstream.testsupport.TestRedis;
import io.docstream.topics.Topics;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The gateway's WebSocket layer against the real PostgreSQL, Redis and Kafka. The test plays the
 * processor's part at the boundary: it reads the ClientOps the gateway produced and publishes
 * canonical ops to Redis (and the log) the way the relay and projection do.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayWebSocketIT {

    static final PostgresTestDatabase db = PostgresTestDatabase.create();
    static final Topics topics = KafkaTestBroker.freshTopics(2);
    static final String redisPrefix = TestRedis.freshPrefix();
    static RedisClient redis;
    static StatefulRedisConnection<String, String> redisConn;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("spring.datasource.url", db::jdbcUrl);
        r.add("spring.datasource.username", db::user);
        r.add("docstream.kafka.bootstrap-servers", KafkaTestBroker::bootstrapServers);
        r.add("docstream.kafka.topic-prefix", () -> KafkaTestBroker.prefixOf(topics));
        r.add("docstream.redis.channel-prefix", () -> redisPrefix);
        r.add("docstream.collab.gateway-id", () -> "gw-test");
        r.add("docstream.collab.max-frame-bytes", () -> "4096");
        r.add("docstream.collab.ring-buffer-size", () -> "50");
        r.add("docstream.collab.tail-check-interval", () -> "100ms");
        r.add("docstream.collab.access-recheck", () -> "300ms");
    }

    @LocalServerPort
    int port;

    final RedisChannels channels = new RedisChannels(redisPrefix);
    final List<DocStreamClient> clients = new ArrayList<>();

    @BeforeAll
    static void redis() {
        redis = RedisClient.create(TestRedis.URI);
        redisConn = redis.connect();
    }

    @AfterAll
    static void cleanup() {
        redisConn.close();
        redis.shutdown();
        db.close();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(DocStreamClient::close);
    }

    DocStreamClient connect(TestUser user) {
        DocStreamClient c = DocStreamClient.connect(URI.create("ws://127.0.0.1:" + port + "/ws"), user.token());
        clients.add(c);
        return c;
    }

    /** Stands in for the processor: one authoritative replica per document, assigning seqs. */
    final class Canon {
        final String doc;
        final Rga replica = new Rga();
        long seq;

        Canon(UUID doc) {
            this.doc = doc.toString();
        }

        CanonicalOp accept(ClientOp in) {
            Op op = in.op().toOp();
            var change = replica.apply(op);
            seq++;
            return new CanonicalOp(doc, seq, in.userId(), in.site(), in.clientSeq(), in.gatewayId(), in.op(),
                    IndexView.of(change), in.receivedAt(), System.currentTimeMillis());
        }

        /** An op typed by someone on another gateway. */
        CanonicalOp remoteInsert(int site, int index, String text) {
            Op.Insert op = replica.insert(site, index, text);
            seq++;
            return new CanonicalOp(doc, seq, UUID.randomUUID().toString(), site, seq, "gw-other", WireOp.of(op),
                    IndexView.of(new io.docstream.crdt.Change.Inserted(index, text)), 0, 0);
        }

        void publish(CanonicalOp op) {
            redisConn.sync().publish(channels.doc(doc), Json.MAPPER.writeValueAsString(op));
            redisConn.sync().set(channels.docSeqKey(doc), Long.toString(op.seq()));
        }

        void log(CanonicalOp op) {
            Fixtures.exec(db.dataSource(), "INSERT INTO ops_log (doc_id, seq, op_id, user_id, site, kind, payload) "
                            + "VALUES (?, ?, ?, ?::uuid, ?, ?, ?::jsonb)", UUID.fromString(doc), op.seq(), op.opId(),
                    op.userId(), op.site(), op.op().kind(), Json.MAPPER.writeValueAsString(op));
        }
    }

    /** The first op the gateway produced to doc-ops-in for {@code doc}. */
    ClientOp awaitClientOp(UUID doc) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ClientOp> out = new CopyOnWriteArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, topics.docOpsIn().keySerde().deserializer(),
                topics.docOpsIn().valueSerde().deserializer())) {
            consumer.subscribe(List.of(topics.docOpsIn().name()));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> out.add(r.value()));
                return out.stream().anyMatch(o -> o.docId().equals(doc.toString()));
            });
        }
        return out.stream().filter(o -> o.docId().equals(doc.toString())).findFirst().orElseThrow();
    }

    @Test
    void opsFlowThroughKafkaAndBackInSeqOrderWithGapsFilledFromTheLog() {
        TestUser alice = Fixtures.user(db.dataSource(), "Alice");
        TestUser bob = Fixtures.user(db.dataSource(), "Bob");
        UUID doc = Fixtures.document(db.dataSource(), alice, "Notes");
        Fixtures.grant(db.dataSource(), doc, bob, "editor");
        Canon canon = new Canon(doc);

        DocStreamClient a = connect(alice);
        DocStreamClient b = connect(bob);
        a.join(doc.toString());
        b.join(doc.toString());
        await().until(() -> a.isJoined(doc.toString()) && b.isJoined(doc.toString()));
        assertThat(a.site()).isNotEqualTo(b.site());

        a.insert(doc.toString(), 0, "héllo 👋");
        ClientOp in = awaitClientOp(doc);
        assertThat(in.userId()).isEqualTo(alice.id().toString());
        assertThat(in.site()).isEqualTo(a.site());
        assertThat(in.gatewayId()).isEqualTo("gw-test");
        CanonicalOp first = canon.accept(in);
        canon.log(first);
        canon.publish(first);
        await().until(() -> a.seq(doc.toString()) == 1 && b.seq(doc.toString()) == 1);
        assertThat(b.text(doc.toString())).isEqualTo("héllo 👋");
        assertThat(a.pendingCount(doc.toString())).isZero();

        // seq 3 arrives before seq 2; seq 2 is only in the log: the gateway fills the gap
        CanonicalOp second = canon.remoteInsert(99, 0, "A");
        CanonicalOp third = canon.remoteInsert(99, 1, "B");
        canon.publish(third);
        canon.log(second);
        canon.log(third);
        await().until(() -> b.seq(doc.toString()) == 3);
        assertThat(b.text(doc.toString())).isEqualTo(canon.replica.text()).isEqualTo("ABhéllo 👋");
        assertThat(a.text(doc.toString())).isEqualTo("ABhéllo 👋");

        // a lost tail (never published) is noticed through the relay's seq key and fetched
        CanonicalOp fourth = canon.remoteInsert(99, 2, "C");
        canon.log(fourth);
        redisConn.sync().set(channels.docSeqKey(doc.toString()), "4");
        await().until(() -> a.seq(doc.toString()) == 4 && b.seq(doc.toString()) == 4);
        assertThat(a.errors()).isEmpty();
        assertThat(b.errors()).isEmpty();

        // a late joiner gets the full state
        TestUser carol = Fixtures.user(db.dataSource(), "Carol");
        Fixtures.grant(db.dataSource(), doc, carol, "viewer");
        DocStreamClient c = connect(carol);
        c.join(doc.toString());
        await().until(() -> c.isJoined(doc.toString()));
        assertThat(c.text(doc.toString())).isEqualTo("ABChéllo 👋");
        assertThat(c.seq(doc.toString())).isEqualTo(4);
    }

    @Test
    void reconnectingClientGetsExactlyTheMissingOps() {
        TestUser alice = Fixtures.user(db.dataSource(), "Alice");
        UUID doc = Fixtures.document(db.dataSource(), alice, "Reconnect");
        Canon canon = new Canon(doc);
        DocStreamClient a = connect(alice);
        a.join(doc.toString());
        await().until(() -> a.isJoined(doc.toString()));
        for (int i = 0; i < 3; i++) {
            CanonicalOp op = canon.remoteInsert(77, i, "x");
            canon.log(op);
            canon.publish(op);
        }
        await().until(() -> a.seq(doc.toString()) == 3);
        List<Long> seen = new CopyOnWriteArrayList<>();
        a.addListener(r -> {
            if ("op".equals(r.message().path("type").asString(""))) {
                seen.add(r.message().path("seq").asLong());
            }
        });
        a.dropConnection();
        for (int i = 3; i < 6; i++) {
            CanonicalOp op = canon.remoteInsert(77, i, "y");
            canon.log(op);
            canon.publish(op);
        }
        a.reconnect();
        await().until(() -> a.seq(doc.toString()) == 6);
        assertThat(seen).containsExactly(4L, 5L, 6L);
        assertThat(a.text(doc.toString())).isEqualTo("xxxyyy");
    }

    @Test
    void badInputGetsSpecificErrorsAndTheConnectionSurvives() {
        TestUser alice = Fixtures.user(db.dataSource(), "Alice");
        TestUser viewer = Fixtures.user(db.dataSource(), "Vic");
        UUID doc = Fixtures.document(db.dataSource(), alice, "Hostile");
        Fixtures.grant(db.dataSource(), doc, viewer, "viewer");
        UUID secret = Fixtures.document(db.dataSource(), alice, "Secret");

        DocStreamClient v = connect(viewer);
        DocStreamClient a = connect(alice);
        a.join(doc.toString());
        v.join(doc.toString());
        await().until(() -> a.isJoined(doc.toString()) && v.isJoined(doc.toString()));

        v.sendRaw("{not json");
        v.sendRaw("[1,2]");
        v.sendRaw("{\"type\":\"dance\"}");
        v.sendRaw("{\"type\":\"join\",\"doc\":\"" + secret + "\"}");
        v.sendRaw("{\"type\":\"join\",\"doc\":\"" + UUID.randomUUID() + "\"}");
        v.sendRaw("{\"type\":\"op\",\"doc\":\"" + doc + "\",\"clientSeq\":1,\"op\":{\"kind\":\"insert\",\"id\":[5,"
                + v.site() + "],\"origin\":null,\"text\":\"x\"}}");
        v.sendRaw("x".repeat(10_000));
        a.sendRaw("{\"type\":\"op\",\"doc\":\"" + doc + "\",\"clientSeq\":1,\"op\":{\"kind\":\"insert\",\"id\":[5,"
                + v.site() + "],\"origin\":null,\"text\":\"forged\"}}");
        a.sendRaw("{\"type\":\"op\",\"doc\":\"" + doc + "\",\"clientSeq\":2,\"op\":{\"kind\":\"insert\",\"id\":\"x\"}}");
        a.sendRaw("{\"type\":\"op\",\"doc\":\"" + secret + "\",\"clientSeq\":3,\"op\":{\"kind\":\"delete\",\"ranges\":[[1,1,1]]}}");
        a.sendRaw("{\"type\":\"op\",\"doc\":\"" + doc + "\",\"clientSeq\":4,\"op\":{\"kind\":\"insert\",\"id\":[1,"
                + a.site() + "],\"text\":\"\\ud800\"}}");

        await().until(() -> v.errors().size() >= 7 && a.errors().size() >= 4);
        assertThat(v.errors()).extracting(e -> e.path("code").asString()).containsExactly(
                "MALFORMED_JSON", "INVALID_MESSAGE", "INVALID_MESSAGE", "NOT_FOUND", "NOT_FOUND", "READ_ONLY",
                "FRAME_TOO_LARGE");
        assertThat(a.errors()).extracting(e -> e.path("code").asString()).containsExactly(
                "FORGED_SITE", "INVALID_MESSAGE", "NOT_JOINED", "INVALID_MESSAGE");
        JsonNode notFoundSecret = v.errors().get(3);
        JsonNode notFoundRandom = v.errors().get(4);
        assertThat(notFoundSecret.path("message").asString().replace(secret.toString(), "ID"))
                .isEqualTo(notFoundRandom.path("message").asString().replaceAll("[0-9a-f-]{36}", "ID"));

        // both sockets and the document are intact
        assertThat(v.isOpen()).isTrue();
        assertThat(a.isOpen()).isTrue();
        Canon canon = new Canon(doc);
        CanonicalOp op = canon.remoteInsert(55, 0, "still fine");
        canon.log(op);
        canon.publish(op);
        await().until(() -> "still fine".equals(v.text(doc.toString())) && "still fine".equals(a.text(doc.toString())));
    }

    /** Role × action over the WebSocket: who may join, who may send ops. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
            "owner,   true,  true",
            "editor,  true,  true",
            "viewer,  true,  false",
            "none,    false, false"})
    void roleMatrixOverWebSocket(String role, boolean mayJoin, boolean mayEdit) {
        TestUser owner = Fixtures.user(db.dataSource(), "Owner");
        UUID doc = Fixtures.document(db.dataSource(), owner, "matrix");
        TestUser user = role.equals("owner") ? owner : Fixtures.user(db.dataSource(), "Someone");
        if (!role.equals("owner") && !role.equals("none")) {
            Fixtures.grant(db.dataSource(), doc, user, role);
        }
        DocStreamClient c = connect(user);
        c.join(doc.toString());
        if (!mayJoin) {
            await().until(() -> c.errors().size() == 1);
            assertThat(c.errors().get(0).path("code").asString()).isEqualTo("NOT_FOUND");
            c.sendRaw("{\"type\":\"op\",\"doc\":\"" + doc + "\",\"clientSeq\":1,\"op\":{\"kind\":\"insert\",\"id\":[1,"
                    + c.site() + "],\"origin\":null,\"text\":\"x\"}}");
            await().until(() -> c.errors().size() == 2);
            assertThat(c.errors().get(1).path("code").asString()).isEqualTo("NOT_JOINED");
            return;
        }
        await().until(() -> c.isJoined(doc.toString()));
        assertThat(c.role(doc.toString())).isEqualTo(role);
        c.insert(doc.toString(), 0, "x");
        if (mayEdit) {
            ClientOp in = awaitClientOp(doc);
            assertThat(in.userId()).isEqualTo(user.id().toString());
            assertThat(c.errors()).isEmpty();
        } else {
            await().until(() -> c.errors().size() == 1);
            assertThat(c.errors().get(0).path("code").asString()).isEqualTo("READ_ONLY");
        }
    }

    @Test
    void aUserHoldsAtMostSixteenSocketsOnAGateway() {
        TestUser carol = Fixtures.user(db.dataSource(), "Carol");
        List<DocStreamClient> open = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            open.add(connect(carol));
        }
        assertThatThrownBy(() -> connect(carol)).hasMessageContaining("1008 too many connections")
                .hasMessageContaining("RATE_LIMITED");
        assertThat(open).allMatch(DocStreamClient::isOpen);
        open.get(0).close();
        // the slot is free again once the server has seen the close
        await().ignoreExceptions().until(() -> connect(carol).isOpen());
        TestUser dave = Fixtures.user(db.dataSource(), "Dave");
        assertThat(connect(dave).isOpen()).isTrue(); // the cap is per user
    }

    /** Without any ACL message (lost by pub/sub), the periodic re-check still cuts access and logouts off. */
    @Test
    void periodicRecheckCatchesLostAclMessagesAndRevokedTokens() {
        TestUser alice = Fixtures.user(db.dataSource(), "Alice");
        TestUser bob = Fixtures.user(db.dataSource(), "Bob");
        UUID doc = Fixtures.document(db.dataSource(), alice, "quiet revoke");
        Fixtures.grant(db.dataSource(), doc, bob, "editor");
        DocStreamClient b = connect(bob);
        b.join(doc.toString());
        await().until(() -> b.isJoined(doc.toString()));
        Fixtures.revoke(db.dataSource(), doc, bob); // no ACL message published
        await().until(() -> "ACCESS_REVOKED".equals(b.leftReason(doc.toString())));
        assertThat(b.isOpen()).isTrue();

        Fixtures.exec(db.dataSource(), "UPDATE auth_tokens SET revoked_at = now() WHERE user_id = ?", bob.id());
        await().until(() -> !b.isOpen());
        assertThat(b.errors()).extracting(e -> e.path("code").asString()).contains("UNAUTHENTICATED");
    }

    @Test
    void revokedUserIsCutOffButKeepsOtherDocuments() {
        TestUser alice = Fixtures.user(db.dataSource(), "Alice");
        TestUser bob = Fixtures.user(db.dataSource(), "Bob");
        UUID doc1 = Fixtures.document(db.dataSource(), alice, "One");
        UUID doc2 = Fixtures.document(db.dataSource(), alice, "Two");
        Fixtures.grant(db.dataSource(), doc1, bob, "editor");
        Fixtures.grant(db.dataSource(), doc2, bob, "editor");
        DocStreamClient b = connect(bob);
        b.join(doc1.toString());
        b.join(doc2.toString());
        await().until(() -> b.isJoined(doc1.toString()) && b.isJoined(doc2.toString()));

        Fixtures.grant(db.dataSource(), doc2, bob, "viewer");
        redisConn.sync().publish(channels.acl(), "{\"docId\":\"" + doc2 + "\",\"userId\":\"" + bob.id() + "\",\"change\":\"ROLE_CHANGED\"}");
        await().until(() -> "viewer".equals(b.role(doc2.toString())));

        Fixtures.revoke(db.dataSource(), doc1, bob);
        redisConn.sync().publish(channels.acl(), "{\"docId\":\"" + doc1 + "\",\"userId\":\"" + bob.id() + "\",\"change\":\"UNSHARED\"}");
        await().until(() -> "ACCESS_REVOKED".equals(b.leftReason(doc1.toString())));
        assertThat(b.isOpen()).isTrue();
        assertThat(b.isJoined(doc2.toString())).isTrue();
    }
}
