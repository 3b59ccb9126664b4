package io.docstream.traces;

import io.docstream.crdt.Op;
import io.docstream.crdt.Rga;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Replays traces on RGA replicas.
 *
 * <ul>
 *   <li>{@link #local(Trace)}: sequential traces as local edits on one replica (site 1);
 *       concurrent traces with one replica per agent (site = agent): for each txn the agent's
 *       replica first merges the ops of every ancestor it lacks (so it is at the txn's version),
 *       then performs the txn's patches as local edits. At the end every replica merges
 *       everything.
 *   <li>{@link #remote(List)}: applies ops, in the given (causal) order, to a fresh replica.
 * </ul>
 */
public final class TraceReplay {

    /** Site used for sequential traces. */
    public static final int SEQUENTIAL_SITE = 1;

    /**
     * @param replicas the final replicas (one for sequential traces, one per agent otherwise)
     * @param ops every op produced, in an order consistent with causality (txn order)
     */
    public record Result(List<Rga> replicas, List<Op> ops) {

        /** True when every replica's text equals {@code expected}. */
        public boolean allEqual(String expected) {
            for (Rga r : replicas) {
                if (!r.text().equals(expected)) {
                    return false;
                }
            }
            return true;
        }
    }

    private TraceReplay() {}

    public static Result local(Trace trace) {
        return trace.concurrent() ? concurrent(trace) : sequential(trace);
    }

    /** Applies {@code ops} in order to a fresh replica. */
    public static Rga remote(List<Op> ops) {
        Rga r = new Rga();
        for (Op op : ops) {
            r.apply(op);
        }
        return r;
    }

    /** Performs one patch as local edits (delete, then insert), collecting the ops. */
    public static void applyLocal(Rga r, int site, Patch p, List<Op> out) {
        if (p.delete() > 0) {
            out.add(r.delete(p.pos(), p.delete()));
        }
        if (!p.insert().isEmpty()) {
            out.add(r.insert(site, p.pos(), p.insert()));
        }
    }

    private static Result sequential(Trace trace) {
        Rga r = new Rga();
        List<Op> ops = new ArrayList<>(trace.patchCount() + 16);
        for (Txn t : trace.txns()) {
            for (Patch p : t.patches()) {
                applyLocal(r, SEQUENTIAL_SITE, p, ops);
            }
        }
        return new Result(List.of(r), ops);
    }

    private static Result concurrent(Trace trace) {
        int n = trace.txns().size();
        int agents = trace.numAgents();
        Rga[] replicas = new Rga[agents];
        BitSet[] applied = new BitSet[agents];
        for (int a = 0; a < agents; a++) {
            replicas[a] = new Rga();
            applied[a] = new BitSet(n);
        }
        List<List<Op>> opsByTxn = new ArrayList<>(n);
        int[] stack = new int[n];
        int[] missing = new int[n];
        for (int i = 0; i < n; i++) {
            Txn txn = trace.txns().get(i);
            int a = txn.agent();
            int nm = collectMissing(trace, txn.parents(), applied[a], stack, missing);
            mergeInto(replicas[a], opsByTxn, missing, nm);
            List<Op> ops = new ArrayList<>(txn.patches().size());
            for (Patch p : txn.patches()) {
                applyLocal(replicas[a], a, p, ops);
            }
            opsByTxn.add(ops);
            applied[a].set(i);
        }
        for (int a = 0; a < agents; a++) {
            int nm = 0;
            for (int i = applied[a].nextClearBit(0); i < n; i = applied[a].nextClearBit(i + 1)) {
                missing[nm++] = i;
            }
            applied[a].set(0, n);
            mergeInto(replicas[a], opsByTxn, missing, nm);
        }
        List<Op> all = new ArrayList<>(trace.patchCount() + 16);
        for (List<Op> ops : opsByTxn) {
            all.addAll(ops);
        }
        return new Result(List.of(replicas), all);
    }

    /** Ancestors (of the given parents, inclusive) not yet in {@code applied}; marks them applied. */
    private static int collectMissing(Trace trace, int[] parents, BitSet applied, int[] stack, int[] out) {
        int sp = 0;
        int nm = 0;
        for (int p : parents) {
            if (!applied.get(p)) {
                applied.set(p);
                stack[sp++] = p;
            }
        }
        while (sp > 0) {
            int t = stack[--sp];
            out[nm++] = t;
            for (int p : trace.txns().get(t).parents()) {
                if (!applied.get(p)) {
                    applied.set(p);
                    stack[sp++] = p;
                }
            }
        }
        java.util.Arrays.sort(out, 0, nm);
        return nm;
    }

    private static void mergeInto(Rga r, List<List<Op>> opsByTxn, int[] txns, int n) {
        for (int k = 0; k < n; k++) {
            for (Op op : opsByTxn.get(txns[k])) {
                r.apply(op);
            }
        }
    }
}
