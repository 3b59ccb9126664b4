package io.docstream.gateway.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.docstream.gateway.edge.KafkaSettings;
import io.docstream.gateway.testsupport.DocEventsReader;
import io.docstream.protocol.DocumentEvent;
import io.docstream.testsupport.KafkaTestBroker;
import io.docstream.testsupport.PostgresTestDatabase;
import io.docstream.topics.Topics;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox relay against a real database and broker, without Spring: rows committed but never
 * relayed (the process died) are published by the next relay run, in order; rows whose send was not
 * acknowledged stay unpublished; only one relay runs at a time.
 */
class OutboxRelayIT {

    static PostgresTestDatabase db;
    static JdbcClient jdbc;
    static DataSourceTransactionManager txManager;
    static TransactionTemplate tx;

    @BeforeAll
    static void setUp() {
        db = PostgresTestDatabase.create();
        jdbc = JdbcClient.create(db.dataSource());
        txManager = new DataSourceTransactionManager(db.dataSource());
        tx = new TransactionTemplate(txManager);
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    static OutboxProperties props(boolean enabled) {
        return new OutboxProperties(enabled, Duration.ofMillis(200), 3, Duration.ofSeconds(2), Duration.ofDays(7));
    }

    static OutboxRelay relay(KafkaSettings kafka) {
        return new OutboxRelay(jdbc, txManager, kafka, props(false));
    }

    static DocumentEvent event(String docId, String type, int n) {
        return new DocumentEvent(UUID.randomUUID().toString(), type, docId, "title " + n, "owner", null, null, n);
    }

    /** Each event committed in its own transaction, as the document service does. */
    static void commit(OutboxWriter writer, List<DocumentEvent> events) {
        for (DocumentEvent e : events) {
            tx.executeWithoutResult(s -> writer.append(e));
        }
    }

    @Test
    void rowsCommittedButNeverRelayedArePublishedByTheNextRunInOrder() {
        Topics topics = KafkaTestBroker.freshTopics(3);
        KafkaSettings kafka = new KafkaSettings(KafkaTestBroker.bootstrapServers(), prefixOf(topics));
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        List<DocumentEvent> eventsA = List.of(event(a, DocumentEvent.CREATED, 1), event(a, DocumentEvent.RENAMED, 2),
                event(a, DocumentEvent.SHARED, 3), event(a, DocumentEvent.ROLE_CHANGED, 4), event(a, DocumentEvent.DELETED, 5));
        List<DocumentEvent> eventsB = List.of(event(b, DocumentEvent.CREATED, 1), event(b, DocumentEvent.RENAMED, 2));

        // "process 1": commits the rows, then dies before its relay runs
        OutboxRelay dead = relay(kafka);
        OutboxWriter writer = new OutboxWriter(jdbc, kafka, dead);
        commit(writer, List.of(eventsA.get(0), eventsB.get(0), eventsA.get(1), eventsA.get(2), eventsB.get(1), eventsA.get(3), eventsA.get(4)));
        dead.close();
        assertThat(unpublished(topics)).isEqualTo(7);

        // "process 2": its relay finds the rows (batches of 3) and publishes them
        OutboxRelay next = relay(kafka);
        try (DocEventsReader reader = new DocEventsReader(topics.docEvents())) {
            assertThat(next.relayOnce()).isEqualTo(7);
            assertThat(unpublished(topics)).isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> reader.eventsOf(a).size() == 5 && reader.eventsOf(b).size() == 2);
            assertThat(reader.eventsOf(a)).isEqualTo(eventsA);
            assertThat(reader.eventsOf(b)).isEqualTo(eventsB);

            // nothing is published twice: a later event arrives alone
            assertThat(next.relayOnce()).isZero();
            DocumentEvent later = event(b, DocumentEvent.UNSHARED, 3);
            commit(new OutboxWriter(jdbc, kafka, next), List.of(later));
            assertThat(next.relayOnce()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> reader.eventsOf(b).size() >= 3);
            assertThat(reader.eventsOf(b)).containsExactly(eventsB.get(0), eventsB.get(1), later);
            assertThat(reader.eventsOf(a)).hasSize(5);
        } finally {
            next.close();
        }
    }

    @Test
    void rowsWhoseSendIsNotAcknowledgedStayUnpublishedUntilItWorks() {
        // a prefix whose topics do not exist yet (the test broker does not auto-create topics)
        String prefix = "t" + UUID.randomUUID().toString().substring(0, 8) + "-";
        Topics topics = Topics.withPrefix(prefix);
        KafkaSettings kafka = new KafkaSettings(KafkaTestBroker.bootstrapServers(), prefix);
        OutboxRelay relay = relay(kafka);
        try {
            String doc = UUID.randomUUID().toString();
            List<DocumentEvent> events = List.of(event(doc, DocumentEvent.CREATED, 1), event(doc, DocumentEvent.RENAMED, 2));
            commit(new OutboxWriter(jdbc, kafka, relay), events);

            assertThat(relay.relayOnce()).isZero();
            assertThat(unpublished(topics)).isEqualTo(2);

            KafkaTestBroker.createTopics(List.of(topics.docEvents().name()), 1);
            await().atMost(Duration.ofSeconds(20)).until(() -> relay.relayOnce() == 2);
            assertThat(unpublished(topics)).isZero();
            try (DocEventsReader reader = new DocEventsReader(topics.docEvents())) {
                await().atMost(Duration.ofSeconds(10)).until(() -> reader.eventsOf(doc).size() >= 2);
                assertThat(reader.eventsOf(doc)).isEqualTo(events);
            }
        } finally {
            relay.close();
        }
    }

    @Test
    void onlyOneRelayRunsAtATime() throws Exception {
        Topics topics = KafkaTestBroker.freshTopics(1);
        KafkaSettings kafka = new KafkaSettings(KafkaTestBroker.bootstrapServers(), prefixOf(topics));
        OutboxRelay relay = relay(kafka);
        try (Connection other = db.dataSource().getConnection()) {
            String doc = UUID.randomUUID().toString();
            commit(new OutboxWriter(jdbc, kafka, relay), List.of(event(doc, DocumentEvent.CREATED, 1)));
            // another instance's relay holds the lock
            other.setAutoCommit(false);
            try (PreparedStatement ps = other.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                ps.setLong(1, OutboxRelay.LOCK_KEY);
                ps.execute();
            }
            assertThat(relay.relayOnce()).isZero();
            assertThat(unpublished(topics)).isEqualTo(1);
            other.commit();
            assertThat(relay.relayOnce()).isEqualTo(1);
            assertThat(unpublished(topics)).isZero();
        } finally {
            relay.close();
        }
    }

    @Test
    void appendOutsideATransactionIsRefused() {
        KafkaSettings kafka = new KafkaSettings(KafkaTestBroker.bootstrapServers(), "unused-");
        OutboxRelay relay = relay(kafka);
        try {
            OutboxWriter writer = new OutboxWriter(jdbc, kafka, relay);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> writer.append(event("d", DocumentEvent.CREATED, 1)))
                    .isInstanceOf(IllegalStateException.class);
        } finally {
            relay.close();
        }
    }

    private static long unpublished(Topics topics) {
        return jdbc.sql("SELECT count(*) FROM outbox WHERE topic = ? AND published_at IS NULL")
                .param(topics.docEvents().name()).query(Long.class).single();
    }

    private static String prefixOf(Topics topics) {
        String name = topics.docEvents().name();
        return name.substring(0, name.length() - "doc-events".length());
    }
}
