package io.docstream.processor.topology;

import io.docstream.crdt.Op;
import io.docstream.crdt.Rga;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Typed access to the three state stores of the {@code rga-integrate} processor. The layout:
 *
 * <ul>
 *   <li>{@value RgaTopology#OPS_STORE}: key {@code utf8(docId) 0x00 seq:int64-big-endian} (so a
 *       document's ops sort by seq and one range scan reads its tail) → {@link OpCodec} bytes. Holds
 *       the ops after the latest snapshot; older entries are deleted when a snapshot is taken.
 *   <li>{@value RgaTopology#SNAPSHOTS_STORE}: docId → {@code seq:int64 Rga.encode()}.
 *   <li>{@value RgaTopology#META_STORE}: {@code "d\0" docId} → {@link DocMeta}; {@code "s\0" docId "\0" site}
 *       → last applied clientSeq of that site (int64).
 * </ul>
 *
 * Document ids must not contain NUL (checked by the processor), so no key of one document is a
 * prefix of another's.
 */
public final class RgaStores {

    private final KeyValueStore<Bytes, byte[]> ops;
    private final KeyValueStore<String, byte[]> snapshots;
    private final KeyValueStore<String, byte[]> meta;

    public RgaStores(KeyValueStore<Bytes, byte[]> ops, KeyValueStore<String, byte[]> snapshots,
                     KeyValueStore<String, byte[]> meta) {
        this.ops = ops;
        this.snapshots = snapshots;
        this.meta = meta;
    }

    /**
     * The document a key of one of the three stores (as found in its changelog) belongs to: every
     * key starts with its document id, so a changelog can be re-partitioned by document when the
     * partition count grows.
     *
     * @throws IllegalArgumentException for an unknown store or a key of no document
     */
    public static String docIdOfKey(String store, byte[] key) {
        switch (store) {
            case RgaTopology.OPS_STORE -> {
                int nul = indexOf(key, 0);
                if (nul <= 0 || key.length - nul != 9) {
                    throw new IllegalArgumentException("not an " + store + " key: " + Arrays.toString(key));
                }
                return new String(key, 0, nul, StandardCharsets.UTF_8);
            }
            case RgaTopology.SNAPSHOTS_STORE -> {
                return new String(key, StandardCharsets.UTF_8);
            }
            case RgaTopology.META_STORE -> {
                if (key.length < 3 || (key[0] != 'd' && key[0] != 's') || key[1] != 0) {
                    throw new IllegalArgumentException("not an " + store + " key: " + Arrays.toString(key));
                }
                int end = key[0] == 'd' ? key.length : indexOf(key, 2);
                if (end < 0) {
                    throw new IllegalArgumentException("site key without site: " + Arrays.toString(key));
                }
                return new String(key, 2, end - 2, StandardCharsets.UTF_8);
            }
            default -> throw new IllegalArgumentException("unknown store " + store);
        }
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    static Bytes opKey(String docId, long seq) {
        byte[] doc = docId.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(doc.length + 9).put(doc).put((byte) 0).putLong(seq).array());
    }

    static long seqOf(Bytes opKey) {
        byte[] k = opKey.get();
        return ByteBuffer.wrap(k, k.length - 8, 8).getLong();
    }

    static String docKey(String docId) {
        return "d\u0000" + docId;
    }

    static String siteKey(String docId, int site) {
        return "s\u0000" + docId + "\u0000" + site;
    }

    DocMeta meta(String docId) {
        return DocMeta.decode(meta.get(docKey(docId)));
    }

    void putMeta(String docId, DocMeta m) {
        meta.put(docKey(docId), m.encode());
    }

    /** Last applied clientSeq of {@code site} in {@code docId}, -1 when none. */
    long lastClientSeq(String docId, int site) {
        byte[] v = meta.get(siteKey(docId, site));
        return v == null ? -1 : ByteBuffer.wrap(v).getLong();
    }

    void putLastClientSeq(String docId, int site, long clientSeq) {
        meta.put(siteKey(docId, site), ByteBuffer.allocate(8).putLong(clientSeq).array());
    }

    void appendOp(String docId, long seq, Op op) {
        ops.put(opKey(docId, seq), OpCodec.encode(op));
    }

    /**
     * Stores a snapshot of {@code rga} at {@code m.seq()} and deletes the tail it covers.
     *
     * @return the new meta (not yet stored)
     */
    DocMeta snapshot(String docId, Rga rga, DocMeta m) {
        byte[] encoded = rga.encode();
        byte[] value = ByteBuffer.allocate(8 + encoded.length).putLong(m.seq()).put(encoded).array();
        snapshots.put(docId, value);
        for (long s = m.snapshotSeq() + 1; s <= m.seq(); s++) {
            ops.delete(opKey(docId, s));
        }
        return new DocMeta(m.seq(), m.seq(), encoded.length);
    }

    /** Number of ops in the tail store of {@code docId} (tests and diagnostics; scans the tail). */
    public long tailSize(String docId) {
        long n = 0;
        try (KeyValueIterator<Bytes, byte[]> it = ops.range(opKey(docId, 0), opKey(docId, Long.MAX_VALUE))) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }

    /** The last assigned seq of {@code docId} (0 when it has none). */
    public long lastSeq(String docId) {
        return meta(docId).seq();
    }

    /**
     * Rebuilds the replica of {@code docId} from its snapshot and tail: one snapshot decode plus one
     * range scan over at most the ops since that snapshot.
     *
     * @throws IllegalStateException when the stores are inconsistent (a gap in the tail)
     */
    public Rga rebuild(String docId) {
        DocMeta m = meta(docId);
        Rga rga;
        long next;
        byte[] snap = snapshots.get(docId);
        if (snap != null) {
            long snapSeq = ByteBuffer.wrap(snap, 0, 8).getLong();
            if (snapSeq != m.snapshotSeq()) {
                throw new IllegalStateException("snapshot of " + docId + " is at seq " + snapSeq + ", meta says "
                        + m.snapshotSeq());
            }
            rga = Rga.decode(Arrays.copyOfRange(snap, 8, snap.length));
            next = snapSeq + 1;
        } else {
            rga = new Rga();
            next = 1;
        }
        try (KeyValueIterator<Bytes, byte[]> it = ops.range(opKey(docId, next), opKey(docId, Long.MAX_VALUE))) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                long seq = seqOf(kv.key);
                if (seq != next) {
                    throw new IllegalStateException("tail of " + docId + " has a gap: expected seq " + next
                            + ", found " + seq);
                }
                rga.apply(OpCodec.decode(kv.value));
                next++;
            }
        }
        if (next - 1 != m.seq()) {
            throw new IllegalStateException("tail of " + docId + " ends at seq " + (next - 1) + ", meta says " + m.seq());
        }
        return rga;
    }
}
