package io.docstream.processor.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.docstream.crdt.Op;
import io.docstream.crdt.Rga;
import io.docstream.processor.ProcessorSettings;
import io.docstream.processor.topology.RgaTopology;
import io.docstream.protocol.CanonicalOp;
import io.docstream.protocol.ClientOp;
import io.docstream.protocol.OpRejection;
import io.docstream.protocol.WireOp;
import io.docstream.testsupport.KafkaTestBroker;
import io.docstream.topics.Topics;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two processor instances in one group on a 4-partition input, one of them in a child JVM that is
 * killed (SIGKILL) mid-stream: the survivor takes its tasks over, and the committed output still
 * has, per document, seq 1..N without gap or duplicate and the expected text.
 */
class ProcessorIT {

    private static final Logger log = LoggerFactory.getLogger(ProcessorIT.class);
    private static final int DOCS = 12;
    private static final int OPS_PER_DOC = 150;

    @TempDir
    Path tmp;

    private KafkaStreams survivor;
    private Process victim;

    @AfterEach
    void tearDown() {
        if (victim != null) {
            victim.destroyForcibly();
        }
        if (survivor != null) {
            survivor.close(Duration.ofSeconds(10));
            survivor.cleanUp();
        }
    }

    @Test
    void aCrashedInstanceLosesAndDuplicatesNothing() throws Exception {
        long seed = System.nanoTime();
        log.info("seed {}", seed);
        String bootstrap = KafkaTestBroker.bootstrapServers();
        Topics topics = KafkaTestBroker.freshTopics(4);
        String appId = "it-processor-" + UUID.randomUUID();

        survivor = new KafkaStreams(RgaTopology.build(topics, ProcessorSettings.defaults()),
                StreamsTestSupport.properties(bootstrap, appId, tmp.resolve("a")));
        survivor.start();
        AtomicReference<String> victimState = new AtomicReference<>("");
        victim = startVictim(bootstrap, topics, appId, tmp.resolve("b"), victimState);
        await().atMost(Duration.ofSeconds(90)).until(() -> victimState.get().equals("RUNNING")
                && survivor.state() == KafkaStreams.State.RUNNING && activeTasks(survivor) == 2);

        // per document: the expected text and a causal stream of client ops from three sites
        Random rnd = new Random(seed);
        List<ClientOp> all = new ArrayList<>();
        Map<String, String> expected = new HashMap<>();
        List<List<ClientOp>> perDoc = new ArrayList<>();
        for (int d = 0; d < DOCS; d++) {
            String docId = "doc-" + d;
            perDoc.add(generate(docId, rnd, expected));
        }
        for (int i = 0; i < OPS_PER_DOC; i++) { // interleave documents like real traffic
            for (List<ClientOp> ops : perDoc) {
                all.add(ops.get(i));
            }
        }
        int total = all.size();
        int firstPart = total * 6 / 10;

        try (KafkaProducer<String, ClientOp> producer = producer(bootstrap, topics);
             KafkaConsumer<String, CanonicalOp> output = committedReader(bootstrap, topics.docOps().name(),
                     topics.docOps().valueSerde().deserializer());
             KafkaConsumer<String, OpRejection> rejections = committedReader(bootstrap, topics.opRejections().name(),
                     topics.opRejections().valueSerde().deserializer())) {
            List<CanonicalOp> seen = new ArrayList<>();
            for (ClientOp op : all.subList(0, firstPart)) {
                producer.send(new ProducerRecord<>(topics.docOpsIn().name(), op.docId(), op));
            }
            producer.flush();
            await().atMost(Duration.ofSeconds(60)).until(() -> drain(output, seen) >= total * 3 / 10);
            victim.destroyForcibly().waitFor();
            log.info("killed the victim instance after {} committed ops of {}", seen.size(), total);
            for (ClientOp op : all.subList(firstPart, total)) {
                producer.send(new ProducerRecord<>(topics.docOpsIn().name(), op.docId(), op));
            }
            producer.flush();
            await().atMost(Duration.ofSeconds(120)).until(() -> drain(output, seen) >= total);
            assertThat(activeTasks(survivor)).as("the survivor took every task over").isEqualTo(4);

            Map<String, List<CanonicalOp>> byDoc = new HashMap<>();
            for (CanonicalOp op : seen) {
                byDoc.computeIfAbsent(op.docId(), k -> new ArrayList<>()).add(op);
            }
            assertThat(byDoc).hasSize(DOCS);
            for (Map.Entry<String, List<CanonicalOp>> e : byDoc.entrySet()) {
                List<CanonicalOp> ops = e.getValue();
                String text = "";
                for (int i = 0; i < ops.size(); i++) {
                    assertThat(ops.get(i).seq()).as("seed %s doc %s position %s", seed, e.getKey(), i).isEqualTo(i + 1);
                    text = ops.get(i).index().applyTo(text);
                }
                assertThat(ops).hasSize(OPS_PER_DOC);
                assertThat(text).as("seed %s doc %s", seed, e.getKey()).isEqualTo(expected.get(e.getKey()));
            }
            List<OpRejection> rejected = new ArrayList<>();
            drain(rejections, rejected);
            assertThat(rejected).isEmpty();
        }
    }

    /** A causal stream of ops on one document by sites 1..3, some retried (duplicates). */
    private static List<ClientOp> generate(String docId, Random rnd, Map<String, String> expected) {
        Rga rga = new Rga();
        List<ClientOp> ops = new ArrayList<>();
        long[] clientSeq = new long[4];
        while (ops.size() < OPS_PER_DOC) {
            int site = 1 + rnd.nextInt(3);
            Op op;
            if (rga.length() > 0 && rnd.nextInt(4) == 0) {
                int from = rnd.nextInt(rga.length());
                op = rga.delete(from, 1 + rnd.nextInt(Math.min(3, rga.length() - from)));
            } else {
                op = rga.insert(site, rnd.nextInt(rga.length() + 1), rnd.nextInt(5) == 0 ? "word " : "k");
            }
            ops.add(new ClientOp(docId, "user-" + site, site, ++clientSeq[site], "gw-it", WireOp.of(op),
                    System.currentTimeMillis()));
        }
        expected.put(docId, rga.text());
        return ops;
    }

    private static int activeTasks(KafkaStreams streams) {
        int n = 0;
        for (ThreadMetadata t : streams.metadataForLocalThreads()) {
            n += t.activeTasks().size();
        }
        return n;
    }

    private static <V> int drain(KafkaConsumer<String, V> consumer, List<V> into) {
        for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(200))) {
            into.add(r.value());
        }
        return into.size();
    }

    private static KafkaProducer<String, ClientOp> producer(String bootstrap, Topics topics) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(p, topics.docOpsIn().keySerde().serializer(), topics.docOpsIn().valueSerde().serializer());
    }

    static <V> KafkaConsumer<String, V> committedReader(String bootstrap, String topic,
                                                       org.apache.kafka.common.serialization.Deserializer<V> values) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        KafkaConsumer<String, V> c = new KafkaConsumer<>(p, new org.apache.kafka.common.serialization.StringDeserializer(), values);
        List<TopicPartition> parts = c.partitionsFor(topic).stream()
                .map(i -> new TopicPartition(topic, i.partition())).toList();
        c.assign(parts);
        c.seekToBeginning(parts);
        return c;
    }

    private static Process startVictim(String bootstrap, Topics topics, String appId, Path stateDir,
                                       AtomicReference<String> state) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String prefix = KafkaTestBroker.prefixOf(topics);
        Process p = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                CrashableProcessorMain.class.getName(), bootstrap, prefix, appId, stateDir.toString())
                .redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("STATE ")) {
                        state.set(line.substring(6).trim());
                    }
                    log.info("[victim] {}", line);
                }
            } catch (Exception e) {
                log.debug("victim output ended: {}", e.toString());
            }
        }, "victim-output");
        reader.setDaemon(true);
        reader.start();
        return p;
    }
}
