package io.docstream.gateway.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.docstream.gateway.testsupport.DocEventsReader;
import io.docstream.gateway.testsupport.GatewayItBase;
import io.docstream.gateway.testsupport.GatewayTestEnvironment;
import io.docstream.gateway.testsupport.HttpApi.Account;
import io.docstream.gateway.testsupport.HttpApi.Response;
import io.docstream.protocol.DocumentEvent;
import io.docstream.testsupport.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** Documents, sharing, the role matrix, ACL messages on Redis and document events on Kafka, over HTTP. */
class DocumentsApiIT extends GatewayItBase {

    static final GatewayTestEnvironment ENV = new GatewayTestEnvironment();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ENV.register(registry);
    }

    @Override
    protected GatewayTestEnvironment environment() {
        return ENV;
    }

    @Autowired
    PermissionService permissions;
    @Autowired
    JdbcClient jdbc;

    @Test
    void createGetRenameDelete() {
        Account owner = api.signup("owner");
        Response created = api.post("/api/documents", owner.token(), Map.of("title", "  Meeting notes  "));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.text("id");
        assertThat(created.header("Location")).isEqualTo("/api/documents/" + id);
        assertThat(created.text("title")).isEqualTo("Meeting notes");
        assertThat(created.text("ownerId")).isEqualTo(owner.userId().toString());
        assertThat(created.text("role")).isEqualTo("owner");
        assertThat(created.text("createdAt")).isNotBlank();

        Response got = api.get("/api/documents/" + id, owner.token());
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.json()).isEqualTo(created.json());

        Response renamed = api.patch("/api/documents/" + id, owner.token(), Map.of("title", "Minutes 🎉"));
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(renamed.text("title")).isEqualTo("Minutes 🎉");
        assertThat(api.get("/api/documents/" + id, owner.token()).text("title")).isEqualTo("Minutes 🎉");

        assertThat(api.delete("/api/documents/" + id, owner.token()).status()).isEqualTo(204);
        api.get("/api/documents/" + id, owner.token()).assertError(404, "NOT_FOUND");
        api.delete("/api/documents/" + id, owner.token()).assertError(404, "NOT_FOUND");
        assertThat(jdbc.sql("SELECT count(*) FROM document_permissions WHERE doc_id = ?::uuid").param(id).query(Long.class).single()).isZero();
    }

    @Test
    void invalidTitlesAre400() {
        Account owner = api.signup("titles");
        api.post("/api/documents", owner.token(), Map.of("title", "")).assertError(400, "INVALID_MESSAGE");
        api.post("/api/documents", owner.token(), Map.of("title", "   ")).assertError(400, "INVALID_MESSAGE");
        api.post("/api/documents", owner.token(), Map.of("title", "t".repeat(201))).assertError(400, "INVALID_MESSAGE");
        api.post("/api/documents", owner.token(), Map.of("title", "bell\u0007")).assertError(400, "INVALID_MESSAGE");
        api.post("/api/documents", owner.token(), Map.of()).assertError(400, "INVALID_MESSAGE");
        api.post("/api/documents", null, Map.of("title", "no auth")).assertError(401, "UNAUTHENTICATED");
        assertThat(api.get("/api/documents?scope=owned", owner.token()).json().get("total").asLong()).isZero();
    }

    @Test
    void listIsScopedPaginatedAndStable() {
        Account alice = api.signup("alice");
        Account bob = api.signup("bob");
        List<UUID> own = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            own.add(api.createDocument(alice, "alice " + i));
        }
        UUID bobs = api.createDocument(bob, "bob's");
        api.share(bob, bobs, alice, "viewer");

        Response owned = api.get("/api/documents?scope=owned&size=100", alice.token());
        List<UUID> newestFirst = new ArrayList<>(own);
        java.util.Collections.reverse(newestFirst);
        assertThat(ids(owned)).containsExactlyElementsOf(newestFirst);
        assertThat(owned.json().get("total").asLong()).isEqualTo(5);
        Response shared = api.get("/api/documents?scope=shared", alice.token());
        assertThat(ids(shared)).containsExactly(bobs);
        assertThat(shared.json().get("items").get(0).get("role").asString()).isEqualTo("viewer");
        assertThat(shared.json().get("items").get(0).get("ownerId").asString()).isEqualTo(bob.userId().toString());

        List<UUID> paged = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            Response r = api.get("/api/documents?scope=all&size=2&page=" + page, alice.token());
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().get("total").asLong()).isEqualTo(6);
            assertThat(r.json().get("size").asInt()).isEqualTo(2);
            paged.addAll(ids(r));
        }
        assertThat(paged).hasSize(6).doesNotHaveDuplicates().containsAll(own).contains(bobs);
        assertThat(ids(api.get("/api/documents?scope=all&size=100", alice.token()))).containsExactlyElementsOf(paged);
        assertThat(ids(api.get("/api/documents?page=9", alice.token()))).isEmpty();

        api.get("/api/documents?size=101", alice.token()).assertError(400, "INVALID_MESSAGE");
        api.get("/api/documents?size=0", alice.token()).assertError(400, "INVALID_MESSAGE");
        api.get("/api/documents?page=-1", alice.token()).assertError(400, "INVALID_MESSAGE");
        api.get("/api/documents?scope=everything", alice.token()).assertError(400, "INVALID_MESSAGE");
        api.get("/api/documents?size=ten", alice.token()).assertError(400, "INVALID_MESSAGE");
        api.get("/api/documents", null).assertError(401, "UNAUTHENTICATED");
    }

    @Test
    void aDocumentYouCannotSeeLooksExactlyLikeOneThatDoesNotExist() {
        Account owner = api.signup("secretive");
        Account stranger = api.signup("stranger");
        UUID doc = api.createDocument(owner, "secret plans");
        String missing = "/api/documents/" + UUID.randomUUID();
        String existing = "/api/documents/" + doc;
        List<BiFunction<String, String, Response>> calls = List.of(
                (path, token) -> api.get(path, token),
                (path, token) -> api.patch(path, token, Map.of("title", "x")),
                (path, token) -> api.delete(path, token),
                (path, token) -> api.get(path + "/permissions", token),
                (path, token) -> api.put(path + "/permissions", token, Map.of("email", stranger.email(), "role", "editor")),
                (path, token) -> api.delete(path + "/permissions/" + stranger.userId(), token));
        for (BiFunction<String, String, Response> call : calls) {
            Response a = call.apply(existing, stranger.token()).assertError(404, "NOT_FOUND");
            Response b = call.apply(missing, stranger.token()).assertError(404, "NOT_FOUND");
            assertThat(a.text("message")).isEqualTo(b.text("message"));
            assertThat(a.headers().map().keySet()).isEqualTo(b.headers().map().keySet());
        }
        assertThat(api.get(existing, owner.token()).text("title")).isEqualTo("secret plans");
    }

    enum Action { READ, RENAME, SHARE, UNSHARE, DELETE, LIST_PERMISSIONS }

    @Test
    void roleActionMatrix() {
        Account owner = api.signup("m-owner");
        Account editor = api.signup("m-editor");
        Account viewer = api.signup("m-viewer");
        Account stranger = api.signup("m-stranger");
        Account extra = api.signup("m-extra");
        Account newcomer = api.signup("m-newcomer");
        Map<String, Account> roles = new LinkedHashMap<>();
        roles.put("owner", owner);
        roles.put("editor", editor);
        roles.put("viewer", viewer);
        roles.put("stranger", stranger);
        Map<Action, int[]> expected = Map.of(          // owner, editor, viewer, stranger
                Action.READ, new int[] {200, 200, 200, 404},
                Action.RENAME, new int[] {200, 200, 403, 404},
                Action.SHARE, new int[] {201, 403, 403, 404},
                Action.UNSHARE, new int[] {204, 403, 403, 404},
                Action.DELETE, new int[] {204, 403, 403, 404},
                Action.LIST_PERMISSIONS, new int[] {200, 403, 403, 404});
        List<String> mismatches = new ArrayList<>();
        for (Action action : Action.values()) {
            int col = 0;
            for (Map.Entry<String, Account> e : roles.entrySet()) {
                UUID doc = api.createDocument(owner, "matrix " + action + " " + e.getKey());
                api.share(owner, doc, editor, "editor");
                api.share(owner, doc, viewer, "viewer");
                api.share(owner, doc, extra, "viewer");
                String path = "/api/documents/" + doc;
                String token = e.getValue().token();
                Response r = switch (action) {
                    case READ -> api.get(path, token);
                    case RENAME -> api.patch(path, token, Map.of("title", "renamed by " + e.getKey()));
                    case SHARE -> api.put(path + "/permissions", token, Map.of("email", newcomer.email(), "role", "viewer"));
                    case UNSHARE -> api.delete(path + "/permissions/" + extra.userId(), token);
                    case DELETE -> api.delete(path, token);
                    case LIST_PERMISSIONS -> api.get(path + "/permissions", token);
                };
                int want = expected.get(action)[col++];
                if (r.status() != want) {
                    mismatches.add(e.getKey() + " " + action + ": " + r.status() + " (want " + want + ") " + r.body());
                }
                if (r.status() >= 400) {
                    r.assertError(r.status(), r.status() == 403 ? "FORBIDDEN" : "NOT_FOUND");
                }
                // refusals changed nothing
                boolean allowed = want < 400;
                if (action == Action.DELETE) {
                    assertThat(permissions.roleOf(owner.userId(), doc).isPresent()).isEqualTo(!allowed);
                }
                if (action == Action.UNSHARE) {
                    assertThat(permissions.roleOf(extra.userId(), doc).isPresent()).isEqualTo(!allowed);
                }
                if (action == Action.SHARE) {
                    assertThat(permissions.roleOf(newcomer.userId(), doc).isPresent()).isEqualTo(allowed);
                }
                if (action == Action.RENAME) {
                    assertThat(api.get(path, owner.token()).text("title")).startsWith(allowed ? "renamed" : "matrix");
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void sharingRules() {
        Account owner = api.signup("s-owner");
        Account friend = api.signup("s-friend");
        UUID doc = api.createDocument(owner, "shared doc");
        String perms = "/api/documents/" + doc + "/permissions";

        Response first = api.put(perms, owner.token(), Map.of("email", friend.email().toUpperCase(), "role", "viewer"));
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(first.text("userId")).isEqualTo(friend.userId().toString());
        assertThat(first.text("role")).isEqualTo("viewer");
        assertThat(api.put(perms, owner.token(), Map.of("email", friend.email(), "role", "viewer")).status()).isEqualTo(200);
        assertThat(permissions.roleOf(friend.userId(), doc)).contains(Role.VIEWER);
        api.patch("/api/documents/" + doc, friend.token(), Map.of("title", "x")).assertError(403, "FORBIDDEN");

        Response upgraded = api.put(perms, owner.token(), Map.of("email", friend.email(), "role", "editor"));
        assertThat(upgraded.status()).isEqualTo(200);
        assertThat(upgraded.text("role")).isEqualTo("editor");
        assertThat(permissions.roleOf(friend.userId(), doc)).contains(Role.EDITOR);
        assertThat(api.patch("/api/documents/" + doc, friend.token(), Map.of("title", "edited by friend")).status()).isEqualTo(200);

        JsonNode list = api.get(perms, owner.token()).json();
        assertThat(list.size()).isEqualTo(2);
        assertThat(list.get(0).get("role").asString()).isEqualTo("owner");
        assertThat(list.get(0).get("userId").asString()).isEqualTo(owner.userId().toString());
        assertThat(list.get(1).get("email").asString()).isEqualTo(friend.email());
        assertThat(list.get(1).get("role").asString()).isEqualTo("editor");

        api.put(perms, owner.token(), Map.of("email", "nobody-" + UUID.randomUUID() + "@example.test", "role", "viewer")).assertError(404, "NOT_FOUND");
        api.put(perms, owner.token(), Map.of("email", owner.email(), "role", "viewer")).assertError(409, "CONFLICT");
        api.put(perms, owner.token(), Map.of("email", friend.email(), "role", "owner")).assertError(400, "INVALID_MESSAGE");
        api.put(perms, owner.token(), Map.of("email", friend.email())).assertError(400, "INVALID_MESSAGE");
        api.delete(perms + "/" + owner.userId(), owner.token()).assertError(409, "CONFLICT");
        api.delete(perms + "/" + UUID.randomUUID(), owner.token()).assertError(404, "NOT_FOUND");

        assertThat(api.delete(perms + "/" + friend.userId(), owner.token()).status()).isEqualTo(204);
        api.get("/api/documents/" + doc, friend.token()).assertError(404, "NOT_FOUND");
        assertThat(permissions.roleOf(friend.userId(), doc)).isEmpty();
        assertThat(permissions.roleOf(owner.userId(), doc)).contains(Role.OWNER);
    }

    @Test
    void rolesOfAnswersForManyDocumentsAtOnce() {
        Account owner = api.signup("r-owner");
        Account other = api.signup("r-other");
        UUID a = api.createDocument(owner, "a");
        UUID b = api.createDocument(owner, "b");
        UUID c = api.createDocument(owner, "c");
        api.share(owner, b, other, "editor");
        api.share(owner, c, other, "viewer");
        UUID missing = UUID.randomUUID();
        assertThat(permissions.rolesOf(other.userId(), List.of(a, b, c, missing))).isEqualTo(Map.of(b, Role.EDITOR, c, Role.VIEWER));
        assertThat(permissions.rolesOf(owner.userId(), List.of(a, b, c))).isEqualTo(Map.of(a, Role.OWNER, b, Role.OWNER, c, Role.OWNER));
        assertThat(permissions.rolesOf(owner.userId(), List.of())).isEmpty();
        assertThat(Role.VIEWER.canEdit()).isFalse();
        assertThat(Role.EDITOR.canEdit()).isTrue();
    }

    @Test
    void accessChangesArePublishedOnRedisAfterCommit() {
        RedisClient client = RedisClient.create(TestRedis.URI);
        List<AccessChange> received = new CopyOnWriteArrayList<>();
        try (StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub()) {
            sub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    received.add(AccessChange.fromJson(message));
                }
            });
            sub.sync().subscribe(ENV.channels.acl());

            Account owner = api.signup("acl-owner");
            Account friend = api.signup("acl-friend");
            UUID doc = api.createDocument(owner, "acl doc");
            api.share(owner, doc, friend, "editor");                       // a grant: no message
            api.share(owner, doc, friend, "viewer");                       // ROLE_CHANGED
            // a refused change publishes nothing
            api.delete("/api/documents/" + doc + "/permissions/" + friend.userId(), friend.token()).assertError(403, "FORBIDDEN");
            assertThat(api.delete("/api/documents/" + doc + "/permissions/" + friend.userId(), owner.token()).status()).isEqualTo(204);
            assertThat(api.delete("/api/documents/" + doc, owner.token()).status()).isEqualTo(204);

            await().atMost(Duration.ofSeconds(5)).until(() -> received.size() >= 3);
            assertThat(received).containsExactly(
                    new AccessChange(doc, friend.userId(), AccessChange.Change.ROLE_CHANGED),
                    new AccessChange(doc, friend.userId(), AccessChange.Change.UNSHARED),
                    new AccessChange(doc, null, AccessChange.Change.DELETED));
        } finally {
            client.shutdown();
        }
    }

    @Test
    void documentEventsReachKafkaInOrderThroughTheOutbox() {
        Account owner = api.signup("ev-owner");
        Account friend = api.signup("ev-friend");
        UUID doc = api.createDocument(owner, "events");
        api.patch("/api/documents/" + doc, owner.token(), Map.of("title", "events, renamed"));
        api.share(owner, doc, friend, "viewer");
        api.share(owner, doc, friend, "editor");
        api.delete("/api/documents/" + doc + "/permissions/" + friend.userId(), owner.token());
        api.delete("/api/documents/" + doc, owner.token());

        try (DocEventsReader reader = new DocEventsReader(ENV.topics.docEvents())) {
            await().atMost(Duration.ofSeconds(20)).until(() -> reader.eventsOf(doc.toString()).size() >= 6);
            List<DocumentEvent> events = reader.eventsOf(doc.toString());
            assertThat(events).extracting(DocumentEvent::type).containsExactly(
                    DocumentEvent.CREATED, DocumentEvent.RENAMED, DocumentEvent.SHARED,
                    DocumentEvent.ROLE_CHANGED, DocumentEvent.UNSHARED, DocumentEvent.DELETED);
            assertThat(events).extracting(DocumentEvent::eventId).doesNotHaveDuplicates();
            assertThat(events).allSatisfy(e -> {
                assertThat(e.docId()).isEqualTo(doc.toString());
                assertThat(e.ownerId()).isEqualTo(owner.userId().toString());
            });
            assertThat(events.get(0).title()).isEqualTo("events");
            assertThat(events.get(0).role()).isEqualTo("owner");
            assertThat(events.get(1).title()).isEqualTo("events, renamed");
            assertThat(events.get(2).userId()).isEqualTo(friend.userId().toString());
            assertThat(events.get(2).role()).isEqualTo("viewer");
            assertThat(events.get(3).role()).isEqualTo("editor");
            assertThat(events.get(4).userId()).isEqualTo(friend.userId().toString());
            assertThat(IntStream.range(1, events.size()).allMatch(i -> events.get(i).at() >= events.get(i - 1).at())).isTrue();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> jdbc.sql(
                "SELECT count(*) FROM outbox WHERE msg_key = ? AND published_at IS NULL").param(doc.toString()).query(Long.class).single() == 0);
    }

    private static List<UUID> ids(Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<UUID> ids = new ArrayList<>();
        r.json().get("items").forEach(n -> ids.add(UUID.fromString(n.get("id").asString())));
        return ids;
    }
}
