package io.docstream.crdt;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Causal delivery in front of a replica, for peers that may receive ops out of order. The
 * {@link Rga} itself rejects an op whose dependencies are missing; this buffer holds such an op
 * until {@link Rga#isReady(Op)} and then applies it, so ops are integrated in a valid order.
 *
 * <p>A held op waits on the site of its first missing element and is re-checked only when an
 * insert by that site is applied, so delivery costs O(ops) re-checks in total rather than a scan
 * of the whole buffer per delivery. Not thread-safe, like the replica.
 */
public final class CausalBuffer {

    private final Rga replica;
    private final Map<Integer, List<Op>> waiting = new HashMap<>();
    private int held;

    public CausalBuffer(Rga replica) {
        this.replica = Objects.requireNonNull(replica, "replica");
    }

    public Rga replica() {
        return replica;
    }

    /**
     * Delivers one op: applies it when ready, holds it otherwise, then applies every held op that
     * became ready. Returns the changes of the ops applied by this call, in application order.
     *
     * @throws CrdtException when an op that is ready cannot be integrated (ID_CONFLICT,
     *     INVALID_OP); that op is dropped, the replica unchanged by it
     */
    public List<Change> deliver(Op op) {
        Objects.requireNonNull(op, "op");
        List<Change> changes = new ArrayList<>(1);
        ArrayDeque<Op> ready = new ArrayDeque<>();
        ready.add(op);
        CrdtException failure = null;
        while (!ready.isEmpty()) {
            Op next = ready.poll();
            Id missing = replica.missingDependency(next);
            if (missing != null) {
                waiting.computeIfAbsent(missing.site(), s -> new ArrayList<>()).add(next);
                held++;
                continue;
            }
            try {
                changes.add(replica.apply(next));
            } catch (CrdtException e) {
                if (failure == null) {
                    failure = e;
                }
                continue;
            }
            if (next instanceof Op.Insert ins) {
                List<Op> woken = waiting.remove(ins.id().site());
                if (woken != null) {
                    held -= woken.size();
                    ready.addAll(woken);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return changes;
    }

    /** Number of ops held back, waiting for their dependencies. */
    public int pending() {
        return held;
    }
}
