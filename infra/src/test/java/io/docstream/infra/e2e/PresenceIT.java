package io.docstream.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.docstream.client.DocStreamClient;
import io.docstream.testsupport.Fixtures;
import io.docstream.testsupport.Fixtures.TestUser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Presence, cursors and awareness across two gateways (and a third that dies), on real Redis. */
class PresenceIT {

    static final Map<String, Object> FAST_PRESENCE = Map.of(
            "docstream.presence.ttl", "3s",
            "docstream.presence.heartbeat-interval", "1s",
            "docstream.presence.sweep-interval", "500ms");
    static TestStack stack;
    final List<DocStreamClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        stack = TestStack.start(2, 100, List.of("p1"), FAST_PRESENCE);
    }

    @AfterAll
    static void stop() {
        TestStack.stop(stack);
    }

    @AfterEach
    void closeClients() {
        clients.forEach(DocStreamClient::close);
    }

    DocStreamClient join(TestUser u, java.net.URI ws, UUID doc) {
        DocStreamClient c = DocStreamClient.connect(ws, u.token());
        clients.add(c);
        c.join(doc.toString());
        await().until(() -> c.isJoined(doc.toString()));
        return c;
    }

    TestUser member(UUID doc, String name) {
        TestUser u = Fixtures.user(stack.db.dataSource(), name);
        Fixtures.grant(stack.db.dataSource(), doc, u, "editor");
        return u;
    }

    static void awaitPresence(UUID doc, Set<Integer> expected, List<DocStreamClient> viewers) {
        for (DocStreamClient v : viewers) {
            await().atMost(Duration.ofSeconds(20)).until(() -> v.presence(doc.toString()).keySet().equals(expected));
        }
    }

    @Test
    void presenceListsAgreeAcrossGatewaysThroughJoinsAndLeaves() {
        TestUser owner = Fixtures.user(stack.db.dataSource(), "Owner");
        UUID doc = Fixtures.document(stack.db.dataSource(), owner, "presence");
        DocStreamClient a1 = join(member(doc, "Ann"), stack.ws(0), doc);
        DocStreamClient a2 = join(member(doc, "Abe"), stack.ws(0), doc);
        DocStreamClient b1 = join(member(doc, "Bea"), stack.ws(1), doc);
        awaitPresence(doc, Set.of(a1.site(), a2.site(), b1.site()), List.of(a1, a2, b1));

        var bea = a1.presence(doc.toString()).get(b1.site());
        assertThat(bea.path("name").asString()).isEqualTo("Bea");
        assertThat(bea.path("color").asString()).startsWith("#");
        assertThat(a2.presence(doc.toString()).get(b1.site())).isEqualTo(bea); // same colour everywhere

        b1.leave(doc.toString());
        awaitPresence(doc, Set.of(a1.site(), a2.site()), List.of(a1, a2));
        a2.close();
        DocStreamClient b2 = join(member(doc, "Bob"), stack.ws(1), doc);
        awaitPresence(doc, Set.of(a1.site(), b2.site()), List.of(a1, b2));

        b2.setAwareness(doc.toString(), "{\"typing\":true}");
        await().until(() -> a1.presence(doc.toString()).get(b2.site()).path("awareness").path("typing").asBoolean(false));
        b2.setAwareness(doc.toString(), "{\"blob\":\"" + "x".repeat(2000) + "\"}");
        await().until(() -> b2.errors().stream().anyMatch(e -> e.path("message").asString().contains("awareness")));
    }

    @Test
    void cursorsStayOnTheirCharacterThroughConcurrentEdits() throws Exception {
        TestUser owner = Fixtures.user(stack.db.dataSource(), "Owner");
        UUID doc = Fixtures.document(stack.db.dataSource(), owner, "cursors");
        String d = doc.toString();
        DocStreamClient a = join(member(doc, "Ann"), stack.ws(0), doc);
        DocStreamClient b = join(member(doc, "Bea"), stack.ws(1), doc);
        DocStreamClient c = join(member(doc, "Cy"), stack.ws(1), doc);
        a.insert(d, 0, "hello world");
        for (DocStreamClient x : List.of(a, b, c)) {
            x.awaitSettled(d, 1, Duration.ofSeconds(30));
        }
        c.setSelection(d, 6, 11); // "world"
        await().until(() -> a.cursorIndex(d, c.site()) == 6 && b.cursorIndex(d, c.site()) == 6);

        // concurrent edits before and inside the selection, from both gateways
        a.insert(d, 0, "XX");
        b.insert(d, 8, "-");
        a.delete(d, 2, 1);
        for (DocStreamClient x : List.of(a, b, c)) {
            x.awaitSettled(d, 4, Duration.ofSeconds(30));
        }
        assertThat(a.text(d)).isEqualTo(b.text(d)).isEqualTo("XXello wo-rld");
        for (DocStreamClient x : List.of(a, b)) {
            int from = x.cursorIndex(d, c.site());
            int to = x.selectionHeadIndex(d, c.site());
            assertThat(x.text(d).substring(from, to)).isEqualTo("wo-rld");
        }
        // deleting the anchor character keeps the caret in place
        b.delete(d, 6, 1); // the space left of "wo-rld"
        for (DocStreamClient x : List.of(a, b, c)) {
            x.awaitSettled(d, 5, Duration.ofSeconds(30));
        }
        assertThat(a.cursorIndex(d, c.site())).isEqualTo(b.cursorIndex(d, c.site())).isEqualTo(6);
        assertThat(a.text(d).substring(6, a.selectionHeadIndex(d, c.site()))).isEqualTo("wo-rld");
    }

    @Test
    void aGatewayThatDiesLeavesNoGhosts() throws Exception {
        TestUser owner = Fixtures.user(stack.db.dataSource(), "Owner");
        UUID doc = Fixtures.document(stack.db.dataSource(), owner, "ghosts");
        DocStreamClient a = join(member(doc, "Ann"), stack.ws(0), doc);
        TestStack.GatewayProcess doomed = stack.startGatewayProcess("gw-doomed", FAST_PRESENCE);
        TestUser eve = member(doc, "Eve");
        DocStreamClient e = join(eve, doomed.ws(), doc);
        awaitPresence(doc, Set.of(a.site(), e.site()), List.of(a));

        doomed.process().destroyForcibly(); // no goodbye, no leave message
        long t0 = System.nanoTime();
        awaitPresence(doc, Set.of(a.site()), List.of(a));
        System.out.printf("ghost removed %.0f ms after the gateway was killed (ttl 3 s)%n", (System.nanoTime() - t0) / 1e6);

        e.reconnectTo(stack.ws(1));
        await().until(() -> e.isJoined(doc.toString()));
        awaitPresence(doc, Set.of(a.site(), e.site()), List.of(a, e));
    }

    @Test
    void aFloodOfCursorMovesIsThrottledAndDoesNotDelayOps() throws Exception {
        TestUser owner = Fixtures.user(stack.db.dataSource(), "Owner");
        UUID doc = Fixtures.document(stack.db.dataSource(), owner, "flood");
        String d = doc.toString();
        DocStreamClient flooder = join(member(doc, "Flo"), stack.ws(0), doc);
        DocStreamClient typist = join(member(doc, "Ty"), stack.ws(1), doc);
        flooder.insert(d, 0, "abcdefghij");
        typist.awaitSettled(d, 1, Duration.ofSeconds(30));
        AtomicInteger cursorsSeen = new AtomicInteger();
        AtomicLong lastCursorAt = new AtomicLong();
        typist.addListener(r -> {
            if ("cursor".equals(r.message().path("type").asString(""))) {
                cursorsSeen.incrementAndGet();
                lastCursorAt.set(r.receivedNanos());
            }
        });
        long start = System.nanoTime();
        for (int i = 0; i < 2000; i++) {
            flooder.setCursor(d, i % 10);
            if (i % 100 == 0) {
                typist.insert(d, 0, "x");
            }
        }
        typist.awaitSettled(d, 21, Duration.ofSeconds(30));
        flooder.awaitSettled(d, 21, Duration.ofSeconds(30));
        flooder.setCursor(d, 27); // latest wins: this is the position everyone ends up with
        await().until(() -> typist.cursorIndex(d, flooder.site()) == 27);
        long elapsedMs = (lastCursorAt.get() - start) / 1_000_000;
        System.out.printf("flood: 2001 cursor moves sent, %d delivered over %d ms%n", cursorsSeen.get(), elapsedMs);
        assertThat(cursorsSeen.get()).isPositive().isLessThanOrEqualTo((int) (elapsedMs / 50) + 3);
    }
}
