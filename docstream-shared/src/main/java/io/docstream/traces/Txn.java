package io.docstream.traces;

import java.util.List;

/**
 * One transaction of a trace: patches applied in order, each seeing the result of the previous.
 * For concurrent traces {@code agent} is the author and {@code parents} the indexes of the txns
 * whose merged state the positions refer to (empty for the first txn); for sequential traces
 * {@code agent} is 0 and {@code parents} is the previous txn.
 */
public record Txn(int agent, int[] parents, List<Patch> patches) {

    public Txn {
        patches = List.copyOf(patches);
    }
}
