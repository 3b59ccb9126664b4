package io.docstream.crdt;

/**
 * Identity of one element (one code point) of an RGA sequence: a Lamport counter and the site
 * (client session) that created it. Ids are totally ordered by counter, then site; among
 * concurrent inserts after the same origin the larger id comes first.
 */
public record Id(int counter, int site) implements Comparable<Id> {

    public Id {
        if (counter < 1) {
            throw new IllegalArgumentException("counter must be >= 1: " + counter);
        }
        if (site < 0) {
            throw new IllegalArgumentException("site must be >= 0: " + site);
        }
    }

    @Override
    public int compareTo(Id o) {
        int c = Integer.compare(counter, o.counter);
        return c != 0 ? c : Integer.compare(site, o.site);
    }

    /** Id of the element {@code offset} code points further in the same run. */
    public Id plus(int offset) {
        return new Id(counter + offset, site);
    }

    @Override
    public String toString() {
        return counter + "@" + site;
    }
}
