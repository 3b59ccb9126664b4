package io.docstream.crdt;

/** A remote op that cannot be integrated. The replica is unchanged when this is thrown. */
public class CrdtException extends RuntimeException {

    public enum Code {
        /** the insert's origin element is not in this replica (yet) */
        UNKNOWN_ORIGIN,
        /** a delete names an element that is not in this replica (yet) */
        UNKNOWN_TARGET,
        /** an insert reuses ids that already exist with other content or another origin */
        ID_CONFLICT,
        /** structurally invalid (e.g. counter not greater than its origin's) */
        INVALID_OP
    }

    private final Code code;

    public CrdtException(Code code, String message) {
        super(message);
        this.code = code;
    }

    public Code code() {
        return code;
    }
}
