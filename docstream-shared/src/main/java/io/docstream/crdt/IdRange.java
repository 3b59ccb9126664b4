package io.docstream.crdt;

/** The ids {@code (counter .. counter+length-1) @ site}: a run of elements created by one site. */
public record IdRange(int site, int counter, int length) {

    public IdRange {
        if (counter < 1 || site < 0 || length < 1) {
            throw new IllegalArgumentException("invalid id range " + counter + "@" + site + "+" + length);
        }
    }

    public Id first() {
        return new Id(counter, site);
    }

    public boolean contains(Id id) {
        return id.site() == site && id.counter() >= counter && id.counter() < counter + length;
    }
}
