package io.docstream.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.docstream.topics.Topics;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

/** The services the integration tests rely on are reachable and the schema migrates. */
class SupportSmokeIT {

    @Test
    void brokerCreatesFreshTopics() throws Exception {
        Topics topics = KafkaTestBroker.freshTopics(3);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers()))) {
            Set<String> names = admin.listTopics().names().get();
            assertThat(names).contains(topics.docOpsIn().name(), topics.docOps().name());
        }
    }

    @Test
    void postgresMigratesAFreshDatabase() throws Exception {
        try (PostgresTestDatabase db = PostgresTestDatabase.create();
             Connection c = db.dataSource().getConnection();
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM ops_log")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isZero();
        }
    }
}
