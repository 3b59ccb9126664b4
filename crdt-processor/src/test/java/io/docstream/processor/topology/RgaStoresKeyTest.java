package io.docstream.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Every key the stores write names its document, which is what re-partitioning relies on. */
class RgaStoresKeyTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everyStoreKeyNamesItsDocument() {
        Random random = new Random(42);
        for (String doc : new String[] {"3f6c0d1e-5b1a-4c55-9a0e-8f7b2f1d9c10", "d", "s", "dökümän-👋", "a-b"}) {
            for (int i = 0; i < 50; i++) {
                long seq = i < 10 ? i : random.nextLong() & Long.MAX_VALUE; // seq bytes may hold 0x00
                assertThat(RgaStores.docIdOfKey(RgaTopology.OPS_STORE, RgaStores.opKey(doc, seq).get())).isEqualTo(doc);
                int site = random.nextInt(Integer.MAX_VALUE);
                assertThat(RgaStores.docIdOfKey(RgaTopology.META_STORE, utf8(RgaStores.siteKey(doc, site)))).isEqualTo(doc);
            }
            assertThat(RgaStores.docIdOfKey(RgaTopology.META_STORE, utf8(RgaStores.docKey(doc)))).isEqualTo(doc);
            assertThat(RgaStores.docIdOfKey(RgaTopology.SNAPSHOTS_STORE, utf8(doc))).isEqualTo(doc);
        }
    }

    @Test
    void keysOfNoDocumentAreRefused() {
        assertThatThrownBy(() -> RgaStores.docIdOfKey(RgaTopology.OPS_STORE, utf8("no-separator")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RgaStores.docIdOfKey(RgaTopology.META_STORE, utf8("x\u0000doc")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RgaStores.docIdOfKey(RgaTopology.META_STORE, utf8("s\u0000doc-without-site")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RgaStores.docIdOfKey("other-store", utf8("doc")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
