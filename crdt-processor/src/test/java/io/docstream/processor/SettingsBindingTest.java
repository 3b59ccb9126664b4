package io.docstream.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.docstream.processor.fanout.FanoutSettings;
import io.docstream.processor.fanout.RedisSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The documented defaults are what Spring binds from an empty environment, and keys bind as documented. */
class SettingsBindingTest {

    private static Binder binder(Map<String, String> props) {
        return new Binder(new MapConfigurationPropertySource(props));
    }

    @Test
    void defaultsBindFromAnEmptyEnvironment() {
        Binder empty = binder(Map.of());
        assertThat(empty.bindOrCreate("docstream.processor", ProcessorSettings.class)).isEqualTo(ProcessorSettings.defaults());
        assertThat(empty.bindOrCreate("docstream.fanout", FanoutSettings.class)).isEqualTo(FanoutSettings.defaults());
        assertThat(empty.bindOrCreate("docstream.kafka", KafkaSettings.class))
                .isEqualTo(new KafkaSettings("localhost:9092", ""));
        assertThat(empty.bindOrCreate("docstream.redis", RedisSettings.class))
                .isEqualTo(new RedisSettings("redis://127.0.0.1:6379", ""));
        assertThat(ProcessorSettings.defaults().commitIntervalMs()).isEqualTo(20);
        assertThat(ProcessorSettings.defaults().stateDir().toString()).endsWith("docstream-streams");
    }

    @Test
    void kebabCaseKeysBind() {
        ProcessorSettings s = binder(Map.of(
                "docstream.processor.application-id", "app",
                "docstream.processor.state-dir", "/var/lib/ds",
                "docstream.processor.commit-interval-ms", "7",
                "docstream.processor.snapshot-every", "50",
                "docstream.processor.max-insert-code-points", "10",
                "docstream.processor.session-timeout", "20s",
                "docstream.processor.overrides[producer.linger.ms]", "1"))
                .bindOrCreate("docstream.processor", ProcessorSettings.class);
        assertThat(s.applicationId()).isEqualTo("app");
        assertThat(s.stateDir().toString()).isEqualTo("/var/lib/ds");
        assertThat(s.commitIntervalMs()).isEqualTo(7);
        assertThat(s.snapshotEvery()).isEqualTo(50);
        assertThat(s.maxInsertCodePoints()).isEqualTo(10);
        assertThat(s.sessionTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(s.overrides()).containsEntry("producer.linger.ms", "1");
    }
}
