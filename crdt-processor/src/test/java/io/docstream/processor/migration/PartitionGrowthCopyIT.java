package io.docstream.processor.migration;

import static org.assertj.core.api.Assertions.assertThat;

import io.docstream.processor.topology.RgaStores;
import io.docstream.processor.topology.RgaTopology;
import io.docstream.testsupport.KafkaTestBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The two data moves of {@link PartitionGrowth} on a real broker: a changelog copied in two parts
 * (pre-copy, then the rest) lands record by record in its document's new partition, in order; ops
 * after a group's committed offsets are forwarded once, to the partition the gateways would pick.
 */
class PartitionGrowthCopyIT {

    private static final int NEW_PARTITIONS = 5;

    private static PartitionGrowth growth(String prefix) {
        return new PartitionGrowth(new PartitionGrowth.Settings(KafkaTestBroker.bootstrapServers(), prefix, "app",
                NEW_PARTITIONS, (short) 1, "redis://127.0.0.1:6379", "", Duration.ofSeconds(5), Duration.ofSeconds(5)),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    private static String fresh() {
        return "c" + UUID.randomUUID().toString().substring(0, 8) + "-";
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            consumer.partitionsFor(topic).forEach(p -> tps.add(new TopicPartition(topic, p.partition())));
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }

    /** meta-store records of several documents, each document's records in one old partition, in order. */
    private static List<ProducerRecord<byte[], byte[]>> metaRecords(String topic, Random random, int n, int oldPartitions) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String doc = "doc-" + random.nextInt(12);
            String key = random.nextBoolean() ? "d\u0000" + doc : "s\u0000" + doc + "\u0000" + random.nextInt(4);
            records.add(new ProducerRecord<>(topic, PartitionGrowth.partitionFor(doc, oldPartitions),
                    key.getBytes(StandardCharsets.UTF_8), Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
        }
        return records;
    }

    @Test
    void aChangelogCopiedInTwoPartsLandsInItsDocumentsNewPartitionsInOrder() throws Exception {
        String prefix = fresh();
        String from = prefix + "old-rga-meta-changelog";
        String to = prefix + "new-rga-meta-changelog";
        KafkaTestBroker.createTopics(List.of(from), 3);
        KafkaTestBroker.createTopics(List.of(to), NEW_PARTITIONS);
        Random random = new Random(11);
        List<ProducerRecord<byte[], byte[]>> first = metaRecords(from, random, 300, 3);
        List<ProducerRecord<byte[], byte[]>> second = metaRecords(from, random, 200, 3);
        try (var producer = producer(); PartitionGrowth growth = growth(prefix)) {
            for (var r : first) {
                producer.send(r).get();
            }
            Set<String> docs = new HashSet<>();
            PartitionGrowth.Copy pre = growth.copyChangelog(RgaTopology.META_STORE, from, to, Map.of(), docs);
            assertThat(pre.records()).isEqualTo(300);
            for (var r : second) {
                producer.send(r).get();
            }
            PartitionGrowth.Copy rest = growth.copyChangelog(RgaTopology.META_STORE, from, to, pre.upTo(), docs);
            assertThat(rest.records()).isEqualTo(200);
            assertThat(docs).hasSizeLessThanOrEqualTo(12).isNotEmpty();
        }
        // per key, the values arrive in the order they were written, each in its document's new partition
        Map<String, List<String>> expected = new HashMap<>();
        for (var r : concat(first, second)) {
            expected.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new ArrayList<>())
                    .add(new String(r.value(), StandardCharsets.UTF_8));
        }
        Map<String, List<String>> copied = new HashMap<>();
        for (var r : readAll(to, 500)) {
            String doc = RgaStores.docIdOfKey(RgaTopology.META_STORE, r.key());
            assertThat(r.partition()).isEqualTo(PartitionGrowth.partitionFor(doc, NEW_PARTITIONS));
            copied.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new ArrayList<>())
                    .add(new String(r.value(), StandardCharsets.UTF_8));
        }
        assertThat(copied).isEqualTo(expected);
    }

    @Test
    void opsAfterTheOldGroupsCommittedOffsetsAreForwardedOnce() throws Exception {
        String prefix = fresh();
        String from = prefix + "doc-ops-in";
        String to = prefix + "doc-ops-in-g2";
        String group = prefix + "old-app";
        KafkaTestBroker.createTopics(List.of(from), 2);
        KafkaTestBroker.createTopics(List.of(to), NEW_PARTITIONS);
        Map<TopicPartition, Long> ends = new HashMap<>();
        try (var producer = producer()) {
            for (int i = 0; i < 20; i++) {
                String doc = "doc-" + i;
                var meta = producer.send(new ProducerRecord<>(from, doc.getBytes(StandardCharsets.UTF_8),
                        ("op" + i).getBytes(StandardCharsets.UTF_8))).get();
                ends.merge(new TopicPartition(from, meta.partition()), 1L, Long::sum);
            }
        }
        // the old generation's group committed all but the last 3 records of each partition
        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
        long expected = 0;
        for (var e : ends.entrySet()) {
            long at = Math.max(0, e.getValue() - 3);
            committed.put(e.getKey(), new OffsetAndMetadata(at));
            expected += e.getValue() - at;
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers()))) {
            admin.alterConsumerGroupOffsets(group, committed).all().get();
        }
        try (PartitionGrowth growth = growth(prefix)) {
            assertThat(growth.forwardStragglers(group, from, to)).isEqualTo(expected);
        }
        List<ConsumerRecord<byte[], byte[]>> forwarded = readAll(to, (int) expected);
        assertThat(forwarded).hasSize((int) expected);
        for (var r : forwarded) {
            String doc = new String(r.key(), StandardCharsets.UTF_8);
            assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("op" + doc.substring(4));
            assertThat(r.partition()).isEqualTo(PartitionGrowth.partitionFor(doc, NEW_PARTITIONS));
        }
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
