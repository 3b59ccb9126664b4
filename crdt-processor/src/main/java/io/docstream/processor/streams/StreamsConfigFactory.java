package io.docstream.processor.streams;

import io.docstream.processor.KafkaSettings;
import io.docstream.processor.ProcessorSettings;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/** The one place that turns settings into Kafka Streams {@link Properties}. */
public final class StreamsConfigFactory {

    private StreamsConfigFactory() {}

    public static Properties build(KafkaSettings kafka, ProcessorSettings settings) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir().toAbsolutePath().toString());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.numStreamThreads());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, settings.commitIntervalMs());
        p.put(StreamsConfig.POLL_MS_CONFIG, settings.pollMs());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, settings.replicationFactor());
        // every edge of the topology has explicit serdes; these defaults only make a forgotten one obvious
        p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class.getName());
        p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class.getName());
        // a record that is not a ClientOp at all is a producer bug: log it and go on rather than stop every doc
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class.getName());
        p.put(StreamsConfig.producerPrefix(ProducerConfig.ACKS_CONFIG), "all");
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG),
                (int) settings.sessionTimeout().toMillis());
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG),
                (int) Math.max(100, settings.sessionTimeout().toMillis() / 3));
        p.putAll(settings.overrides());
        return p;
    }
}
