package io.docstream.processor.topology;

import io.docstream.crdt.Id;
import io.docstream.crdt.IdRange;
import io.docstream.crdt.Op;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Compact binary form of a CRDT op for the {@code rga-ops} tail store (the canonical op itself is
 * in {@code doc-ops}; the tail only needs what rebuilding the replica needs).
 *
 * <pre>
 * insert: 'I' counter:int site:int hasOrigin:byte [originCounter:int originSite:int] len:int utf8[len]
 * delete: 'D' n:int (site:int counter:int length:int){n}
 * </pre>
 */
final class OpCodec {

    private static final byte INSERT = 'I';
    private static final byte DELETE = 'D';

    private OpCodec() {}

    static byte[] encode(Op op) {
        if (op instanceof Op.Insert ins) {
            byte[] text = ins.text().getBytes(StandardCharsets.UTF_8);
            ByteBuffer b = ByteBuffer.allocate(1 + 8 + 1 + (ins.origin() == null ? 0 : 8) + 4 + text.length);
            b.put(INSERT).putInt(ins.id().counter()).putInt(ins.id().site());
            if (ins.origin() == null) {
                b.put((byte) 0);
            } else {
                b.put((byte) 1).putInt(ins.origin().counter()).putInt(ins.origin().site());
            }
            b.putInt(text.length).put(text);
            return b.array();
        }
        List<IdRange> ranges = ((Op.Delete) op).ranges();
        ByteBuffer b = ByteBuffer.allocate(1 + 4 + 12 * ranges.size());
        b.put(DELETE).putInt(ranges.size());
        for (IdRange r : ranges) {
            b.putInt(r.site()).putInt(r.counter()).putInt(r.length());
        }
        return b.array();
    }

    static Op decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        byte kind = b.get();
        if (kind == INSERT) {
            Id id = new Id(b.getInt(), b.getInt());
            Id origin = b.get() == 0 ? null : new Id(b.getInt(), b.getInt());
            byte[] text = new byte[b.getInt()];
            b.get(text);
            return new Op.Insert(id, origin, new String(text, StandardCharsets.UTF_8));
        }
        if (kind == DELETE) {
            int n = b.getInt();
            List<IdRange> ranges = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                ranges.add(new IdRange(b.getInt(), b.getInt(), b.getInt()));
            }
            return new Op.Delete(ranges);
        }
        throw new IllegalStateException("unknown stored op kind " + kind);
    }
}
