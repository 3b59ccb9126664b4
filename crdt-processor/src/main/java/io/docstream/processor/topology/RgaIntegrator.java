package io.docstream.processor.topology;

import io.docstream.crdt.Change;
import io.docstream.crdt.CrdtException;
import io.docstream.crdt.Op;
import io.docstream.crdt.Rga;
import io.docstream.processor.ProcessorSettings;
import io.docstream.protocol.CanonicalOp;
import io.docstream.protocol.ClientOp;
import io.docstream.protocol.ErrorCode;
import io.docstream.protocol.IndexView;
import io.docstream.protocol.InvalidMessageException;
import io.docstream.protocol.OpRejection;
import io.docstream.protocol.WireOp;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code rga-integrate} processor: validates each {@link ClientOp}, integrates it into the
 * document's replica, assigns the next per-document seq and forwards a {@link CanonicalOp} (or an
 * {@link OpRejection}). Work per op is O(log n) in the engine plus a constant number of store
 * reads/writes; a snapshot is taken after a number of ops that grows with the snapshot size, so its
 * amortised cost per op is bounded too.
 *
 * <p>The replica cache is created in {@link #init} and dropped in {@link #close}: a task that is
 * closed dirty and revived (aborted EOS transaction, rebalance) rebuilds its replicas from the
 * restored stores instead of trusting memory that may hold uncommitted ops.
 */
final class RgaIntegrator implements Processor<String, ClientOp, String, Object> {

    private static final Logger log = LoggerFactory.getLogger(RgaIntegrator.class);

    private final ProcessorSettings settings;
    private ProcessorContext<String, Object> context;
    private RgaStores stores;
    private ReplicaCache cache;

    RgaIntegrator(ProcessorSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        KeyValueStore<Bytes, byte[]> ops = context.getStateStore(RgaTopology.OPS_STORE);
        KeyValueStore<String, byte[]> snapshots = context.getStateStore(RgaTopology.SNAPSHOTS_STORE);
        KeyValueStore<String, byte[]> meta = context.getStateStore(RgaTopology.META_STORE);
        this.stores = new RgaStores(ops, snapshots, meta);
        this.cache = new ReplicaCache(settings.replicaCacheSize());
    }

    @Override
    public void close() {
        cache = null;
        stores = null;
    }

    @Override
    public void process(Record<String, ClientOp> record) {
        String docId = record.key();
        ClientOp in = record.value();
        if (in == null) {
            log.warn("ignoring a null ClientOp for doc {}", docId);
            return;
        }
        try {
            integrate(record, docId, in);
        } catch (Rejected r) {
            reject(record, docId, in, r.code, r.getMessage());
        }
    }

    private void integrate(Record<String, ClientOp> record, String docId, ClientOp in) {
        if (docId == null || docId.isEmpty() || docId.indexOf('\0') >= 0) {
            throw new Rejected(ErrorCode.INVALID_MESSAGE, "document id must be non-empty without NUL");
        }
        if (!docId.equals(in.docId())) {
            throw new Rejected(ErrorCode.INVALID_MESSAGE, "record key " + docId + " differs from docId " + in.docId());
        }
        if (in.clientSeq() < 0) {
            throw new Rejected(ErrorCode.INVALID_MESSAGE, "clientSeq must be >= 0");
        }
        if (in.clientSeq() <= stores.lastClientSeq(docId, in.site())) {
            // a retry of an op this site already had applied: its canonical op is already in doc-ops
            log.debug("dropping duplicate op {}:{} of doc {}", in.site(), in.clientSeq(), docId);
            return;
        }
        Op op = validate(in);
        DocMeta meta = stores.meta(docId);
        Rga rga = replica(docId);
        if (op instanceof Op.Insert ins && (long) rga.length() + ins.length() > settings.maxDocumentCodePoints()) {
            throw new Rejected(ErrorCode.DOCUMENT_TOO_LARGE, "the document would exceed "
                    + settings.maxDocumentCodePoints() + " code points; delete text first");
        }
        Change change;
        try {
            change = rga.apply(op);
        } catch (CrdtException e) {
            throw new Rejected(ErrorCode.valueOf(e.code().name()), e.getMessage());
        } catch (RuntimeException e) {
            // the engine promises an unchanged replica only for CrdtException: forget this one
            cache.remove(docId);
            log.error("engine failed on op {}:{} of doc {}", in.site(), in.clientSeq(), docId, e);
            throw new Rejected(ErrorCode.INTERNAL, "the op could not be integrated: " + e);
        }
        long seq = meta.seq() + 1;
        stores.appendOp(docId, seq, op);
        stores.putLastClientSeq(docId, in.site(), in.clientSeq());
        long now = context.currentSystemTimeMs();
        CanonicalOp out = new CanonicalOp(docId, seq, in.userId(), in.site(), in.clientSeq(), in.gatewayId(),
                WireOp.of(op), IndexView.of(change), in.receivedAt(), now);
        context.forward(new Record<String, Object>(docId, out, record.timestamp()), RgaTopology.DOC_OPS_SINK);
        meta = meta.withSeq(seq);
        long every = Math.max(settings.snapshotEvery(), (long) meta.snapshotBytes() / settings.snapshotBytesPerOp());
        if (meta.opsSinceSnapshot() >= every) {
            meta = stores.snapshot(docId, rga, meta);
            log.debug("snapshot of doc {} at seq {} ({} bytes)", docId, seq, meta.snapshotBytes());
        }
        stores.putMeta(docId, meta);
    }

    private Op validate(ClientOp in) {
        WireOp wire = in.op();
        if (wire == null) {
            throw new Rejected(ErrorCode.INVALID_OP, "op is missing");
        }
        if (WireOp.INSERT.equals(wire.kind()) && wire.text() != null) {
            // cheap char bound first, exact code point count second
            if (wire.text().length() > 2L * settings.maxInsertCodePoints()
                    || wire.text().codePointCount(0, wire.text().length()) > settings.maxInsertCodePoints()) {
                throw new Rejected(ErrorCode.OP_TOO_LARGE,
                        "insert text exceeds " + settings.maxInsertCodePoints() + " code points");
            }
        }
        if (WireOp.DELETE.equals(wire.kind()) && wire.ranges() != null) {
            if (wire.ranges().size() > settings.maxDeleteRanges()) {
                throw new Rejected(ErrorCode.OP_TOO_LARGE, "delete has " + wire.ranges().size()
                        + " ranges, at most " + settings.maxDeleteRanges() + " allowed");
            }
            if (wire.size() > settings.maxDeleteIds()) {
                throw new Rejected(ErrorCode.OP_TOO_LARGE, "delete names " + wire.size() + " ids, at most "
                        + settings.maxDeleteIds() + " allowed");
            }
        }
        Op op;
        try {
            op = wire.toOp();
        } catch (InvalidMessageException e) {
            throw new Rejected(ErrorCode.INVALID_OP, e.getMessage());
        }
        if (op instanceof Op.Insert ins && ins.id().site() != in.site()) {
            throw new Rejected(ErrorCode.FORGED_SITE,
                    "insert id " + ins.id() + " is not of the session's site " + in.site());
        }
        return op;
    }

    private Rga replica(String docId) {
        Rga rga = cache.get(docId);
        if (rga == null) {
            rga = stores.rebuild(docId);
            cache.put(docId, rga);
        }
        return rga;
    }

    private void reject(Record<String, ClientOp> record, String docId, ClientOp in, ErrorCode code, String message) {
        log.debug("rejecting op {}:{} of doc {}: {} {}", in.site(), in.clientSeq(), docId, code, message);
        OpRejection rejection = new OpRejection(docId != null ? docId : in.docId(), in.gatewayId(), in.site(),
                in.clientSeq(), code.name(), message, context.currentSystemTimeMs());
        context.forward(new Record<String, Object>(docId, rejection, record.timestamp()), RgaTopology.REJECTIONS_SINK);
    }

    /** Control flow for a refused op; never leaves this class. */
    private static final class Rejected extends RuntimeException {
        final ErrorCode code;

        Rejected(ErrorCode code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }
}
