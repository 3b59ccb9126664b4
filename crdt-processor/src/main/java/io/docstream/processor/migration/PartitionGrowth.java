package io.docstream.processor.migration;

import io.docstream.pipeline.GenerationWatcher;
import io.docstream.pipeline.PipelineGeneration;
import io.docstream.pipeline.PipelineGeneration.Phase;
import io.docstream.processor.topology.RgaStores;
import io.docstream.processor.topology.RgaTopology;
import io.docstream.protocol.RedisChannels;
import io.docstream.topics.Topics;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Grows the partition count of {@code doc-ops-in} under load, without losing or duplicating an op
 * and without restarting a service: a move to a new {@link PipelineGeneration}.
 *
 * <ol>
 *   <li>Create the new generation's input topic with the new partition count; record
 *       {@code SWITCHING}. Gateways send every new op there (where it waits) and report the switch
 *       in Redis once nothing of theirs is in flight to the old topic.
 *   <li>Wait until every live gateway has switched and the old generation's processors have
 *       consumed the old input to its end; record {@code MIGRATING}. Processors close the old
 *       Streams application and leave its group.
 *   <li>Once the group is empty and no transaction is open on its changelogs, copy every committed
 *       changelog record into the new application's changelogs, each to the partition that its
 *       document maps to under the new count (the producers' partitioner: murmur2 of the id).
 *   <li>Forward any op that reached the old input after the drain (a gateway that missed the
 *       switch) to the new input; record {@code ACTIVE}. Processors start the new application,
 *       restore the re-partitioned state and work off the ops that waited.
 * </ol>
 *
 * Every step can be repeated, so an interrupted run is resumed by running the tool again with the
 * same partition count (re-copying a changelog ends in the same store contents). The old topics are
 * left in place for inspection and rollback; the canonical {@code doc-ops} topic does not change.
 */
public final class PartitionGrowth implements AutoCloseable {

    /**
     * @param bootstrapServers  Kafka
     * @param topicPrefix       prefix of every topic (as configured on the services)
     * @param applicationId     the processors' configured {@code application-id} (generation 1's)
     * @param partitions        the new partition count of {@code doc-ops-in}
     * @param replicationFactor replication of the new topics
     * @param redisUri          Redis holding the gateway registry
     * @param redisPrefix       the services' {@code channel-prefix}
     * @param gatewayTimeout    how long to wait for every live gateway to switch
     * @param drainTimeout      how long to wait for each of: the old input drained, the old group empty,
     *                          no open transaction on the old changelogs
     */
    public record Settings(String bootstrapServers, String topicPrefix, String applicationId, int partitions,
                           short replicationFactor, String redisUri, String redisPrefix,
                           Duration gatewayTimeout, Duration drainTimeout) {}

    /** What a run did; {@link #line()} is the tool's last output line. */
    /**
     * @param pauseMs   from the switch to {@code ACTIVE}: no op of any document is integrated meanwhile
     * @param catchUpMs from {@code ACTIVE} until the new generation's processors have worked off the ops
     *                  that waited (-1 when they did not within the drain timeout, e.g. none running)
     */
    public record Result(int fromGeneration, int toGeneration, int fromPartitions, int toPartitions,
                         long stateRecords, long documents, long stragglers, long pauseMs, long catchUpMs) {
        public String line() {
            return "grow-partitions: ok generation=" + toGeneration + " partitions=" + toPartitions
                    + " from_partitions=" + fromPartitions + " state_records=" + stateRecords
                    + " documents=" + documents + " stragglers=" + stragglers + " pause_ms=" + pauseMs
                    + " catch_up_ms=" + catchUpMs;
        }
    }

    private final Settings s;
    private final Topics topics;
    private final Progress out;
    private final Admin admin;
    private final RedisChannels channels;
    /** Partitions of each topic read so far (their counts do not change during a run). */
    private final Map<String, List<TopicPartition>> partitionsByTopic = new HashMap<>();
    /** Per store, the offsets of the old changelog that the pre-copy reached. */
    private final Map<String, Map<TopicPartition, Long>> precopied = new HashMap<>();
    private final Set<String> docs = new HashSet<>();
    private long precopiedRecords;
    private KafkaConsumer<byte[], byte[]> copyConsumer;
    private KafkaProducer<byte[], byte[]> copyProducer;
    /** What the current wait is waiting for, for its progress lines and its timeout message. */
    private volatile String waitingFor = "";

    public PartitionGrowth(Settings settings, PrintStream out) {
        this.s = settings;
        this.topics = Topics.withPrefix(settings.topicPrefix());
        this.out = new Progress(out);
        this.channels = new RedisChannels(settings.redisPrefix());
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers()));
    }

    public Result run() throws Exception {
        try (RedisRegistry registry = new RedisRegistry()) {
            return run(registry);
        }
    }

    private Result run(RedisRegistry registry) throws Exception {
        long started;
        ensureControlTopic();
        PipelineGeneration current = readGeneration();
        out.println("current: " + current);
        int target;
        Phase phase = current.phase();
        if (phase == Phase.ACTIVE) {
            target = current.generation() + 1;
            int now = partitionsOf(inputTopic(current.generation()));
            if (s.partitions() <= now) {
                throw new IllegalArgumentException(inputTopic(current.generation()) + " already has " + now
                        + " partitions; the new count must be larger");
            }
            createTopic(inputTopic(target), s.partitions(), Map.of());
            String newApp = PipelineGeneration.applicationId(s.applicationId(), target);
            createChangelogs(newApp);
            // the bulk of the state is copied while everything runs; the pause copies what came after
            precopy(PipelineGeneration.applicationId(s.applicationId(), current.generation()), newApp);
            write(new PipelineGeneration(target, Phase.SWITCHING, s.partitions()));
            started = System.currentTimeMillis();
            phase = Phase.SWITCHING;
        } else {
            target = current.generation();
            if (current.partitions() != s.partitions()) {
                throw new IllegalArgumentException("a move to generation " + target + " with " + current.partitions()
                        + " partitions is under way; run again with --partitions " + current.partitions()
                        + " to finish it");
            }
            out.println("resuming the move to generation " + target + " at " + phase);
            started = System.currentTimeMillis();
        }
        int old = target - 1;
        String oldApp = PipelineGeneration.applicationId(s.applicationId(), old);
        String newApp = PipelineGeneration.applicationId(s.applicationId(), target);
        int fromPartitions = partitionsOf(inputTopic(old));
        if (phase == Phase.SWITCHING) {
            if (precopied.isEmpty()) {
                precopy(oldApp, newApp); // resuming
            }
            awaitGateways(registry, target);
            awaitDrained(oldApp, inputTopic(old));
            write(new PipelineGeneration(target, Phase.MIGRATING, s.partitions()));
        }
        createChangelogs(newApp); // when resuming a run that stopped before they were made
        await("the processors to leave group " + oldApp, s.drainTimeout(), () -> groupEmpty(oldApp));
        long records = 0;
        for (String store : RgaTopology.STORES) {
            String from = RgaTopology.changelogTopic(oldApp, store);
            if (!topicExists(from)) {
                continue;
            }
            await("open transactions on " + from + " to end", s.drainTimeout(), () -> noOpenTransactions(from));
            Copy delta = copyChangelog(store, from, RgaTopology.changelogTopic(newApp, store),
                    precopied.getOrDefault(store, Map.of()), docs);
            out.println("copied the last " + delta.records() + " records of " + from);
            records += delta.records();
        }
        long stragglers = forwardStragglers(oldApp, inputTopic(old), inputTopic(target));
        write(new PipelineGeneration(target, Phase.ACTIVE, s.partitions()));
        long active = System.currentTimeMillis();
        long catchUp = awaitCaughtUp(newApp, inputTopic(target)) ? System.currentTimeMillis() - active : -1;
        return new Result(old, target, fromPartitions, s.partitions(), records + precopiedRecords, docs.size(), stragglers,
                active - started, catchUp);
    }

    /** The new generation's processors have consumed what its input held when it became active. */
    private boolean awaitCaughtUp(String group, String topic) throws Exception {
        Map<TopicPartition, Long> backlog = offsets(topic, IsolationLevel.READ_UNCOMMITTED);
        try {
            await("generation " + group + " to work off the ops that waited", s.drainTimeout(), () -> {
                Map<TopicPartition, Long> done = committed(group);
                long lag = 0;
                for (var e : backlog.entrySet()) {
                    lag += Math.max(0, e.getValue() - done.getOrDefault(e.getKey(), 0L));
                }
                waitingFor = "lag " + lag;
                return lag == 0;
            });
            out.println("the new generation has caught up");
            return true;
        } catch (IllegalStateException e) {
            out.println("warning: the move is complete, but " + e.getMessage().replace("; run the tool again to resume", "")
                    + "; are crdt-processor instances running?");
            return false;
        }
    }

    /** The new application's changelog topics, made before the pause so that it does not include them. */
    private void createChangelogs(String app) throws Exception {
        for (String store : RgaTopology.STORES) {
            createTopic(RgaTopology.changelogTopic(app, store), s.partitions(),
                    Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        }
    }

    private String inputTopic(int generation) {
        return topics.forGeneration(generation).docOpsIn().name();
    }

    private void ensureControlTopic() throws Exception {
        createTopic(topics.pipelineControl().name(), 1, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
                TopicConfig.CLEANUP_POLICY_COMPACT));
    }

    private PipelineGeneration readGeneration() throws Exception {
        try (GenerationWatcher w = new GenerationWatcher(s.bootstrapServers(), topics.pipelineControl(),
                "grow-partitions")) {
            w.start(Duration.ofSeconds(30));
            PipelineGeneration g = w.current();
            return g.partitions() > 0 ? g : PipelineGeneration.initial(partitionsOf(inputTopic(1)));
        }
    }

    private void write(PipelineGeneration g) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(p, topics.pipelineControl().keySerde().serializer(),
                topics.pipelineControl().valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(topics.pipelineControl().name(), 0, PipelineGeneration.KEY, g)).get();
        }
        out.println("recorded " + g);
    }

    private void createTopic(String name, int partitions, Map<String, String> configs) throws Exception {
        try {
            admin.createTopics(List.of(new NewTopic(name, partitions, s.replicationFactor()).configs(configs)))
                    .all().get();
            out.println("created " + name + " (" + partitions + " partitions)");
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
            int existing = partitionsOf(name);
            if (existing != partitions) {
                throw new IllegalStateException(name + " exists with " + existing + " partitions, expected " + partitions);
            }
        }
    }

    private boolean topicExists(String name) throws Exception {
        return admin.listTopics().names().get().contains(name);
    }

    private int partitionsOf(String topic) throws Exception {
        TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        return d.partitions().size();
    }

    private List<TopicPartition> partitions(String topic) throws Exception {
        List<TopicPartition> tps = partitionsByTopic.get(topic);
        if (tps == null) {
            tps = new ArrayList<>();
            int n = partitionsOf(topic);
            for (int i = 0; i < n; i++) {
                tps.add(new TopicPartition(topic, i));
            }
            partitionsByTopic.put(topic, List.copyOf(tps));
        }
        return tps;
    }

    private Map<TopicPartition, Long> offsets(String topic, IsolationLevel isolation) throws Exception {
        Map<TopicPartition, OffsetSpec> spec = new HashMap<>();
        partitions(topic).forEach(tp -> spec.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, Long> result = new TreeMap<>((a, b) -> Integer.compare(a.partition(), b.partition()));
        admin.listOffsets(spec, new ListOffsetsOptions(isolation)).all().get()
                .forEach((tp, info) -> result.put(tp, info.offset()));
        return result;
    }

    private Map<TopicPartition, Long> committed(String group) throws Exception {
        Map<TopicPartition, Long> result = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> offsets =
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        offsets.forEach((tp, om) -> {
            if (om != null) {
                result.put(tp, om.offset());
            }
        });
        return result;
    }

    /** The gateway registry in Redis, connected before the pause begins. */
    private final class RedisRegistry implements AutoCloseable {
        final RedisClient client = RedisClient.create(s.redisUri());
        final StatefulRedisConnection<String, String> redis = client.connect();

        @Override
        public void close() {
            redis.close();
            client.shutdown();
        }
    }

    /** Every gateway alive in the registry produces to {@code target}'s input. */
    private void awaitGateways(RedisRegistry registry, int target) throws Exception {
        var redis = registry.redis.sync();
        await("every live gateway to switch to generation " + target, s.gatewayTimeout(), () -> {
            List<String> live = redis.zrangebyscore(channels.gatewaysKey(),
                    Range.create((double) System.currentTimeMillis(), Double.POSITIVE_INFINITY));
            List<String> behind = new ArrayList<>();
            for (String gw : live) {
                String g = redis.hget(channels.gatewayGenerationsKey(), gw);
                if (g == null || Integer.parseInt(g) < target) {
                    behind.add(gw);
                }
            }
            waitingFor = "gateways " + behind;
            return behind.isEmpty();
        });
        out.println("every live gateway produces to " + inputTopic(target));
    }

    /** The old generation's group has consumed its input to the end. */
    private void awaitDrained(String group, String topic) throws Exception {
        await("group " + group + " to consume " + topic + " to its end", s.drainTimeout(), () -> {
            Map<TopicPartition, Long> ends = offsets(topic, IsolationLevel.READ_UNCOMMITTED);
            Map<TopicPartition, Long> done = committed(group);
            long lag = 0;
            StringBuilder detail = new StringBuilder();
            for (var e : ends.entrySet()) {
                long behind = Math.max(0, e.getValue() - done.getOrDefault(e.getKey(), 0L));
                lag += behind;
                detail.append(' ').append(e.getKey().partition()).append(':').append(done.get(e.getKey()))
                        .append('/').append(e.getValue());
            }
            waitingFor = "lag " + lag + " (committed/end" + detail + "; are crdt-processor instances running?)";
            return lag == 0;
        });
        out.println("generation input " + topic + " drained");
    }

    private boolean groupEmpty(String group) throws Exception {
        try {
            var d = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
            waitingFor = d.members().size() + " members";
            return d.members().isEmpty();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return true;
            }
            throw e;
        }
    }

    private boolean noOpenTransactions(String topic) throws Exception {
        return offsets(topic, IsolationLevel.READ_COMMITTED).equals(offsets(topic, IsolationLevel.READ_UNCOMMITTED));
    }

    private KafkaConsumer<byte[], byte[]> bytesConsumer(String clientId) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private KafkaProducer<byte[], byte[]> bytesProducer(String clientId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** The partition the gateways' producers (default partitioner, String key) put a document in. */
    static int partitionFor(String docId, int partitions) {
        return Utils.toPositive(Utils.murmur2(docId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** One consumer and one producer for every copy: the pause should not pay for client start-up. */
    private KafkaConsumer<byte[], byte[]> copyConsumer() {
        if (copyConsumer == null) {
            copyConsumer = bytesConsumer("grow-partitions-copy");
        }
        return copyConsumer;
    }

    private KafkaProducer<byte[], byte[]> copyProducer() {
        if (copyProducer == null) {
            copyProducer = bytesProducer("grow-partitions-copy");
        }
        return copyProducer;
    }

    /** Records copied and the offsets, per partition of the old changelog, copied up to. */
    record Copy(long records, Map<TopicPartition, Long> upTo) {}

    /**
     * Copies the old changelogs as far as they are committed now, while the old generation still
     * runs. A changelog only grows, so copying the rest after the drain gives the same records in
     * the same order as one copy would.
     */
    private void precopy(String oldApp, String newApp) throws Exception {
        for (String store : RgaTopology.STORES) {
            String from = RgaTopology.changelogTopic(oldApp, store);
            if (topicExists(from)) {
                Copy c = copyChangelog(store, from, RgaTopology.changelogTopic(newApp, store), Map.of(), docs);
                precopied.put(store, c.upTo());
                precopiedRecords += c.records();
                out.println("pre-copied " + c.records() + " records of " + from);
            }
        }
    }

    /** Copies {@code from} (from {@code start}; the beginning where absent) to its committed end. */
    Copy copyChangelog(String store, String from, String to, Map<TopicPartition, Long> start,
                               Set<String> docs) throws Exception {
        {
            KafkaConsumer<byte[], byte[]> consumer = copyConsumer();
            KafkaProducer<byte[], byte[]> producer = copyProducer();
            long[] n = {0};
            Map<TopicPartition, Long> upTo = readAll(consumer, partitions(from), start, r -> {
                n[0]++;
                if (r.key() == null) {
                    return;
                }
                String doc = RgaStores.docIdOfKey(store, r.key());
                docs.add(doc);
                producer.send(new ProducerRecord<>(to, partitionFor(doc, s.partitions()), r.timestamp(), r.key(),
                        r.value(), r.headers()));
            });
            producer.flush();
            return new Copy(n[0], upTo);
        }
    }

    /** Ops that reached the old input after its group's last commit: forwarded to the new input. */
    long forwardStragglers(String group, String from, String to) throws Exception {
        Map<TopicPartition, Long> start = committed(group);
        long[] n = {0};
        KafkaProducer<byte[], byte[]> producer = copyProducer();
        readAll(copyConsumer(), partitions(from), start, r -> {
            n[0]++;
            producer.send(new ProducerRecord<>(to, null, r.timestamp(), r.key(), r.value(), r.headers()));
        });
        producer.flush();
        out.println("forwarded " + n[0] + " ops that reached " + from + " after the drain");
        return n[0];
    }

    /**
     * Reads {@code tps} from {@code start} (the beginning where absent) to their current end (for a
     * read_committed consumer: the last stable offset) and returns those end offsets.
     */
    private static Map<TopicPartition, Long> readAll(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> tps,
                                Map<TopicPartition, Long> start,
                                java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> each) {
        consumer.assign(tps);
        consumer.seekToBeginning(tps);
        if (start != null) {
            tps.forEach(tp -> {
                Long o = start.get(tp);
                if (o != null) {
                    consumer.seek(tp, o);
                }
            });
        }
        Map<TopicPartition, Long> ends = consumer.endOffsets(tps);
        while (tps.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                if (r.offset() < ends.get(new TopicPartition(r.topic(), r.partition()))) {
                    each.accept(r);
                }
            }
        }
        return ends;
    }

    @FunctionalInterface
    private interface Check {
        boolean done() throws Exception;
    }

    private void await(String what, Duration timeout, Check check) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastReport = System.nanoTime();
        waitingFor = "";
        while (!check.done()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout + " waiting for " + what
                        + (waitingFor.isEmpty() ? "" : ": " + waitingFor) + "; run the tool again to resume");
            }
            if (System.nanoTime() - lastReport > 1_000_000_000L) {
                out.println("waiting for " + what + (waitingFor.isEmpty() ? "" : ": " + waitingFor));
                lastReport = System.nanoTime();
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void close() {
        if (copyConsumer != null) {
            copyConsumer.close(Duration.ofSeconds(5));
        }
        if (copyProducer != null) {
            copyProducer.close(Duration.ofSeconds(5));
        }
        admin.close(Duration.ofSeconds(5));
    }

    /** Progress lines, each with the seconds since the tool started. */
    private static final class Progress {
        private final PrintStream out;
        private final long start = System.nanoTime();

        Progress(PrintStream out) {
            this.out = out;
        }

        void println(String line) {
            out.printf("[%7.3fs] %s%n", (System.nanoTime() - start) / 1e9, line);
        }
    }
}
