package io.docstream.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.docstream.crdt.Id;
import io.docstream.crdt.IdRange;
import io.docstream.crdt.Op;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON form of a CRDT op (the "CRDT view"), see docs/protocol.md.
 *
 * <pre>
 * {"kind":"insert","id":[counter,site],"origin":[counter,site] | null,"text":"..."}
 * {"kind":"delete","ranges":[[counter,site,length], ...]}
 * </pre>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WireOp(String kind, int[] id, int[] origin, String text, List<int[]> ranges) {

    public static final String INSERT = "insert";
    public static final String DELETE = "delete";

    public static WireOp of(Op op) {
        if (op instanceof Op.Insert ins) {
            return new WireOp(INSERT, pair(ins.id()), ins.origin() == null ? null : pair(ins.origin()), ins.text(), null);
        }
        Op.Delete del = (Op.Delete) op;
        List<int[]> ranges = new ArrayList<>(del.ranges().size());
        for (IdRange r : del.ranges()) {
            ranges.add(new int[] {r.counter(), r.site(), r.length()});
        }
        return new WireOp(DELETE, null, null, null, ranges);
    }

    /**
     * Converts to the engine's op.
     *
     * @throws InvalidMessageException with a precise reason when the shape is wrong
     */
    public Op toOp() {
        if (INSERT.equals(kind)) {
            if (id == null || id.length != 2) {
                throw new InvalidMessageException("insert.id must be [counter, site]");
            }
            if (origin != null && origin.length != 2) {
                throw new InvalidMessageException("insert.origin must be [counter, site] or null");
            }
            if (text == null || text.isEmpty()) {
                throw new InvalidMessageException("insert.text must be a non-empty string");
            }
            if (text.indexOf('\u0000') >= 0) {
                throw new InvalidMessageException("insert.text must not contain U+0000");
            }
            if (!isWellFormedUtf16(text)) {
                throw new InvalidMessageException("insert.text contains an unpaired surrogate");
            }
            try {
                return new Op.Insert(new Id(id[0], id[1]), origin == null ? null : new Id(origin[0], origin[1]), text);
            } catch (IllegalArgumentException e) {
                throw new InvalidMessageException("insert: " + e.getMessage());
            }
        }
        if (DELETE.equals(kind)) {
            if (ranges == null || ranges.isEmpty()) {
                throw new InvalidMessageException("delete.ranges must be a non-empty array");
            }
            List<IdRange> out = new ArrayList<>(ranges.size());
            for (int[] r : ranges) {
                if (r == null || r.length != 3) {
                    throw new InvalidMessageException("delete.ranges entries must be [counter, site, length]");
                }
                try {
                    out.add(new IdRange(r[1], r[0], r[2]));
                } catch (IllegalArgumentException e) {
                    throw new InvalidMessageException("delete: " + e.getMessage());
                }
            }
            return new Op.Delete(out);
        }
        throw new InvalidMessageException("op.kind must be \"insert\" or \"delete\"");
    }

    /** Number of code points inserted, or of ids deleted. */
    public long size() {
        if (INSERT.equals(kind)) {
            return text == null ? 0 : text.codePointCount(0, text.length());
        }
        long n = 0;
        if (ranges != null) {
            for (int[] r : ranges) {
                n += r != null && r.length == 3 ? Math.max(0, r[2]) : 0;
            }
        }
        return n;
    }

    private static int[] pair(Id id) {
        return new int[] {id.counter(), id.site()};
    }

    static boolean isWellFormedUtf16(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
