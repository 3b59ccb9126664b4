package io.docstream.processor.streams;

import io.docstream.processor.KafkaSettings;
import io.docstream.processor.ProcessorSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/** Streams properties for broker-backed tests: production settings, failure detection in seconds. */
final class StreamsTestSupport {

    private StreamsTestSupport() {}

    static Properties properties(String bootstrap, String appId, Path stateDir) {
        ProcessorSettings settings = ProcessorSettings.defaults().withApplicationId(appId).withStateDir(stateDir)
                // a crashed member is noticed after 6 s (the broker minimum) ...
                .withOverrides(Map.of(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), "6000",
                        // ... and its open transaction is aborted by the coordinator after 5 s
                        StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), "5000"));
        return StreamsConfigFactory.build(new KafkaSettings(bootstrap, ""), settings);
    }
}
