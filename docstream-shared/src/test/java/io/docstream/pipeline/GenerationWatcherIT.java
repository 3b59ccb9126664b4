package io.docstream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.docstream.pipeline.PipelineGeneration.Phase;
import io.docstream.testsupport.KafkaTestBroker;
import io.docstream.topics.Topic;
import io.docstream.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** The watcher on a real broker: starts on the latest record, reports changes, copes with no topic yet. */
class GenerationWatcherIT {

    private static void write(Topic<String, PipelineGeneration> topic, PipelineGeneration g) throws Exception {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaTestBroker.bootstrapServers()), topic.keySerde().serializer(), topic.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(topic.name(), PipelineGeneration.KEY, g)).get();
        }
    }

    @Test
    void startsOnTheLatestRecordAndReportsChanges() throws Exception {
        Topics topics = KafkaTestBroker.freshTopics(1);
        write(topics.pipelineControl(), new PipelineGeneration(2, Phase.SWITCHING, 4));
        write(topics.pipelineControl(), new PipelineGeneration(2, Phase.ACTIVE, 4));
        try (GenerationWatcher w = new GenerationWatcher(KafkaTestBroker.bootstrapServers(), topics.pipelineControl(), "t")) {
            List<PipelineGeneration> seen = new CopyOnWriteArrayList<>();
            w.onChange(seen::add);
            w.start(Duration.ofSeconds(30));
            assertThat(w.current()).isEqualTo(new PipelineGeneration(2, Phase.ACTIVE, 4));
            assertThat(seen).isEmpty(); // the state at start is not a change

            write(topics.pipelineControl(), new PipelineGeneration(3, Phase.SWITCHING, 8));
            await().until(() -> seen.size() == 1);
            assertThat(seen.get(0)).isEqualTo(new PipelineGeneration(3, Phase.SWITCHING, 8));
            assertThat(w.current()).isEqualTo(seen.get(0));
        }
    }

    @Test
    void withoutTheTopicGenerationOneIsLiveUntilTheTopicAppears() throws Exception {
        String prefix = "w" + UUID.randomUUID().toString().substring(0, 8) + "-";
        Topic<String, PipelineGeneration> control = Topics.withPrefix(prefix).pipelineControl();
        try (GenerationWatcher w = new GenerationWatcher(KafkaTestBroker.bootstrapServers(), control, "t",
                Duration.ofMillis(100))) {
            List<PipelineGeneration> seen = new CopyOnWriteArrayList<>();
            w.onChange(seen::add);
            w.start(Duration.ofSeconds(30));
            assertThat(w.current().generation()).isEqualTo(1);
            assertThat(w.current().processingGeneration()).isEqualTo(1);

            KafkaTestBroker.createTopics(List.of(control.name()), 1);
            write(control, new PipelineGeneration(2, Phase.SWITCHING, 3));
            await().until(() -> !seen.isEmpty());
            assertThat(w.current()).isEqualTo(new PipelineGeneration(2, Phase.SWITCHING, 3));
        }
    }
}
