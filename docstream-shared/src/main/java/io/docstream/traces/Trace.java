package io.docstream.traces;

import java.util.List;

/**
 * A recorded editing trace (josephg/editing-traces format, see {@code shared/traces/README.md}).
 *
 * @param name file name without {@code .json.gz} (prefixed by {@code ascii_only/} for those)
 * @param concurrent true for traces with several agents and a causal graph
 * @param numAgents 1 for sequential traces
 */
public record Trace(String name, boolean concurrent, int numAgents, String endContent, List<Txn> txns) {

    public Trace {
        txns = List.copyOf(txns);
    }

    public int patchCount() {
        int n = 0;
        for (Txn t : txns) {
            n += t.patches().size();
        }
        return n;
    }
}
