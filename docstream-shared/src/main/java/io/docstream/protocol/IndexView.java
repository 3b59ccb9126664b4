package io.docstream.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.docstream.crdt.Change;
import java.util.ArrayList;
import java.util.List;

/**
 * The index view of a canonical op, for consumers without a CRDT: positions in code points.
 *
 * <pre>
 * {"kind":"insert","index":p,"text":"..."}
 * {"kind":"delete","ranges":[[index,length], ...]}   (descending index; apply in order)
 * {"kind":"none"}                                      (nothing visible changed)
 * </pre>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IndexView(String kind, Integer index, String text, List<int[]> ranges) {

    public static IndexView of(Change change) {
        if (change instanceof Change.Inserted ins) {
            return new IndexView("insert", ins.index(), ins.text(), null);
        }
        if (change instanceof Change.Deleted del) {
            List<int[]> r = new ArrayList<>(del.ranges().size());
            for (Change.IndexRange range : del.ranges()) {
                r.add(new int[] {range.index(), range.length()});
            }
            return new IndexView("delete", null, null, r);
        }
        return new IndexView("none", null, null, null);
    }

    /** Applies this patch to plain text (code point positions). */
    public String applyTo(String doc) {
        switch (kind) {
            case "insert" -> {
                int at = doc.offsetByCodePoints(0, index);
                return doc.substring(0, at) + text + doc.substring(at);
            }
            case "delete" -> {
                String out = doc;
                for (int[] r : ranges) {
                    int from = out.offsetByCodePoints(0, r[0]);
                    int to = out.offsetByCodePoints(from, r[1]);
                    out = out.substring(0, from) + out.substring(to);
                }
                return out;
            }
            default -> {
                return doc;
            }
        }
    }
}
