package io.docstream.processor.topology;

import io.docstream.processor.ProcessorSettings;
import io.docstream.topics.Topics;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The one topology of the crdt-processor (Processor API):
 *
 * <pre>
 * doc-ops-in ──▶ [doc-ops-in-source] ──▶ [rga-integrate] ──┬──▶ [doc-ops-sink]          ──▶ doc-ops
 *                                         stores: rga-ops, └──▶ [op-rejections-sink]    ──▶ doc-op-rejections
 *                                         rga-snapshots, rga-meta
 * </pre>
 *
 * All three stores are persistent (RocksDB), cached and changelog-backed; see {@link RgaStores}
 * for their layout. Every edge has explicit serdes from the topic registry.
 */
public final class RgaTopology {

    public static final String SOURCE = "doc-ops-in-source";
    public static final String PROCESSOR = "rga-integrate";
    public static final String DOC_OPS_SINK = "doc-ops-sink";
    public static final String REJECTIONS_SINK = "op-rejections-sink";
    public static final String OPS_STORE = "rga-ops";
    public static final String SNAPSHOTS_STORE = "rga-snapshots";
    public static final String META_STORE = "rga-meta";
    /** Every state store of the topology; each has a changelog {@code <application-id>-<store>-changelog}. */
    public static final List<String> STORES = List.of(OPS_STORE, SNAPSHOTS_STORE, META_STORE);

    private RgaTopology() {}

    /** The changelog topic of {@code store} under Streams application {@code applicationId}. */
    public static String changelogTopic(String applicationId, String store) {
        return applicationId + "-" + store + "-changelog";
    }

    public static Topology build(Topics topics, ProcessorSettings settings) {
        Topology topology = new Topology();
        topology.addSource(SOURCE, topics.docOpsIn().keySerde().deserializer(),
                topics.docOpsIn().valueSerde().deserializer(), topics.docOpsIn().name());
        topology.addProcessor(PROCESSOR, () -> new RgaIntegrator(settings), SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(OPS_STORE),
                Serdes.Bytes(), Serdes.ByteArray()).withCachingEnabled(), PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SNAPSHOTS_STORE),
                Serdes.String(), Serdes.ByteArray()).withCachingEnabled(), PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(META_STORE),
                Serdes.String(), Serdes.ByteArray()).withCachingEnabled(), PROCESSOR);
        topology.addSink(DOC_OPS_SINK, topics.docOps().name(), topics.docOps().keySerde().serializer(),
                topics.docOps().valueSerde().serializer(), PROCESSOR);
        topology.addSink(REJECTIONS_SINK, topics.opRejections().name(), topics.opRejections().keySerde().serializer(),
                topics.opRejections().valueSerde().serializer(), PROCESSOR);
        return topology;
    }
}
