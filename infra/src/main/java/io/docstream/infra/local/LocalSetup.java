package io.docstream.infra.local;

import io.docstream.topics.Topic;
import io.docstream.topics.Topics;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One-time set-up for the local stack: the {@code docstream} database and every registry topic
 * with the configured partition count. Idempotent.
 *
 * <p>Usage: {@code LocalSetup BOOTSTRAP PARTITIONS JDBC_ADMIN_URL DATABASE USER}
 */
public final class LocalSetup {

    private static final Logger log = LoggerFactory.getLogger(LocalSetup.class);

    private LocalSetup() {}

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        int partitions = Integer.parseInt(args[1]);
        String adminUrl = args[2];
        String database = args[3];
        String user = args[4];
        ensureDatabase(adminUrl, database, user);
        ensureTopics(bootstrap, partitions, Topics.defaults());
    }

    static void ensureDatabase(String adminUrl, String database, String user) throws SQLException {
        if (!database.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("unsafe database name " + database);
        }
        try (Connection c = DriverManager.getConnection(adminUrl, user, "");
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    log.info("database {} exists", database);
                    return;
                }
            }
            try (Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE " + database);
                log.info("created database {}", database);
            }
        }
    }

    static void ensureTopics(String bootstrap, int partitions, Topics topics) throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Set<String> existing = admin.listTopics().names().get();
            var missing = new java.util.ArrayList<>(topics.all().stream().map(Topic::name)
                    .filter(n -> !existing.contains(n)).map(n -> new NewTopic(n, partitions, (short) 1)).toList());
            if (!existing.contains(topics.pipelineControl().name())) {
                // one record (the live pipeline generation), read by every gateway and processor
                missing.add(new NewTopic(topics.pipelineControl().name(), 1, (short) 1)
                        .configs(Map.of("cleanup.policy", "compact")));
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
            log.info("topics ready ({} created with {} partitions)", missing.size(), partitions);
        }
    }
}
