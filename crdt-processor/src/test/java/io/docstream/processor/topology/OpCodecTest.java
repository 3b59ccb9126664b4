package io.docstream.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.docstream.crdt.Id;
import io.docstream.crdt.IdRange;
import io.docstream.crdt.Op;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpCodecTest {

    @Test
    void insertsAndDeletesRoundTrip() {
        List<Op> ops = List.of(
                new Op.Insert(new Id(1, 0), null, "a"),
                new Op.Insert(new Id(70_000, 12), new Id(69_999, 3), "\uD83D\uDE00e\u0301" + "x".repeat(20_000)),
                new Op.Delete(List.of(new IdRange(3, 1, 1), new IdRange(Integer.MAX_VALUE, 9, 1_000_000))));
        for (Op op : ops) {
            assertThat(OpCodec.decode(OpCodec.encode(op))).isEqualTo(op);
        }
    }

    @Test
    void opKeysSortBySeqWithinADocument() {
        assertThat(RgaStores.opKey("d", 255).compareTo(RgaStores.opKey("d", 256))).isNegative();
        assertThat(RgaStores.opKey("d", 9).compareTo(RgaStores.opKey("d", 10))).isNegative();
        assertThat(RgaStores.opKey("d", Long.MAX_VALUE).compareTo(RgaStores.opKey("d0", 0))).isNegative();
        assertThat(RgaStores.seqOf(RgaStores.opKey("doc-\u00e9", 123_456_789_012L))).isEqualTo(123_456_789_012L);
    }
}
