package io.docstream.crdt;

import static org.assertj.core.api.Assertions.assertThat;

/** The one convergence assertion used by every CRDT test. */
public final class Convergence {

    private Convergence() {}

    /**
     * All replicas hold the same text, the same elements (canonical snapshot bytes and debug
     * rendering) and valid internal structures. {@code context} (e.g. the seed) is in every message.
     */
    public static void assertConverged(String context, Rga... replicas) {
        assertThat(replicas).as(context).isNotEmpty();
        Rga first = replicas[0];
        first.checkInvariants();
        for (int i = 1; i < replicas.length; i++) {
            Rga r = replicas[i];
            r.checkInvariants();
            assertThat(r.text()).as("%s: text of replica %d", context, i).isEqualTo(first.text());
            assertThat(r.length()).as("%s: length of replica %d", context, i).isEqualTo(first.length());
            assertThat(r.toTestString()).as("%s: elements of replica %d", context, i).isEqualTo(first.toTestString());
            assertThat(r.encode()).as("%s: snapshot of replica %d", context, i).isEqualTo(first.encode());
        }
    }
}
