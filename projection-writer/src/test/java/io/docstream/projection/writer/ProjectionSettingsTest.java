package io.docstream.projection.writer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class ProjectionSettingsTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({ProjectionSettings.class, KafkaSettings.class})
    static class Config {}

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Config.class);

    @Test
    void documentedDefaults() {
        runner.run(ctx -> {
            ProjectionSettings s = ctx.getBean(ProjectionSettings.class);
            assertThat(s.groupId()).isEqualTo("docstream-projection");
            assertThat(s.snapshotEvery()).isEqualTo(100);
            assertThat(s.maxBatchSize()).isEqualTo(500);
            assertThat(s.pollTimeout()).isEqualTo(Duration.ofMillis(500));
            assertThat(s.consumer()).isEmpty();
            KafkaSettings k = ctx.getBean(KafkaSettings.class);
            assertThat(k.bootstrapServers()).isEqualTo("localhost:9092");
            assertThat(k.topicPrefix()).isEmpty();
        });
    }

    @Test
    void rejectsInvalidValues() {
        runner.withPropertyValues("docstream.projection.snapshot-every=0").run(ProjectionSettingsTest::failsValidation);
        runner.withPropertyValues("docstream.projection.group-id= ").run(ProjectionSettingsTest::failsValidation);
        runner.withPropertyValues("docstream.kafka.bootstrap-servers=").run(ProjectionSettingsTest::failsValidation);
    }

    private static void failsValidation(org.springframework.boot.test.context.assertj.AssertableApplicationContext ctx) {
        assertThat(ctx).hasFailed();
        assertThat(ctx.getStartupFailure()).hasRootCauseInstanceOf(
                org.springframework.boot.context.properties.bind.validation.BindValidationException.class);
    }

    @Test
    void consumerReadsCommittedOnlyAndCommitsManually() {
        runner.withPropertyValues("docstream.projection.max-batch-size=42",
                        "docstream.projection.consumer.security.protocol=SSL",
                        "docstream.projection.consumer.isolation.level=read_uncommitted")
                .run(ctx -> {
                    OpsLogConsumer consumer = new OpsLogConsumer(ctx.getBean(ProjectionSettings.class),
                            ctx.getBean(KafkaSettings.class), null, null, null, null, null, null);
                    var props = consumer.consumerConfig();
                    assertThat(props).containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                            .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
                            .containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
                            .containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 42)
                            .containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "docstream-projection")
                            .containsEntry("security.protocol", "SSL");
                });
    }
}
