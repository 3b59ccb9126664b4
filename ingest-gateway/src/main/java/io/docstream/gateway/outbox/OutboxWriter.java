package io.docstream.gateway.outbox;

import io.docstream.gateway.edge.KafkaSettings;
import io.docstream.protocol.DocumentEvent;
import io.docstream.protocol.Json;
import io.docstream.topics.Topics;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Appends document events to table {@code outbox} inside the caller's transaction, so an event
 * exists exactly when its change is committed. After the commit the relay is woken; if the process
 * dies first, the relay's next poll (here or on another instance) publishes the row.
 */
@Component
public class OutboxWriter {

    private final JdbcClient jdbc;
    private final Topics topics;
    private final OutboxRelay relay;

    public OutboxWriter(JdbcClient jdbc, KafkaSettings kafka, OutboxRelay relay) {
        this.jdbc = jdbc;
        this.topics = kafka.topics();
        this.relay = relay;
    }

    /** Must be called inside a transaction (the document change's). */
    public void append(DocumentEvent event) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("outbox rows must be written in the transaction of their change");
        }
        jdbc.sql("INSERT INTO outbox (topic, msg_key, payload) VALUES (?, ?, ?::jsonb)")
                .params(topics.docEvents().name(), event.docId(), Json.MAPPER.writeValueAsString(event))
                .update();
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                relay.wakeUp();
            }
        });
    }
}
