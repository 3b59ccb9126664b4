package io.docstream.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The chunked sorted index behaves like a TreeMap floor/put/remove. */
class SiteRunsTest {

    @Test
    void behavesLikeASortedMap() {
        for (long seed = 1; seed <= 20; seed++) {
            Random rnd = new Random(seed);
            SiteRuns runs = new SiteRuns();
            TreeMap<Integer, Leaf> ref = new TreeMap<>();
            Leaf[] leaves = {new Leaf(), new Leaf(), new Leaf()};
            for (int i = 0; i < 5000; i++) {
                int key = rnd.nextBoolean() ? i * 3 : rnd.nextInt(20_000);
                Leaf leaf = leaves[rnd.nextInt(3)];
                switch (rnd.nextInt(4)) {
                    case 0 -> {
                        runs.remove(key);
                        ref.remove(key);
                    }
                    case 1 -> {
                        Map.Entry<Integer, Leaf> e = ref.floorEntry(key);
                        Leaf got = runs.floor(key);
                        assertThat(got).as("seed %d floor %d", seed, key).isSameAs(e == null ? null : e.getValue());
                        if (e != null) {
                            assertThat(runs.floorKey).isEqualTo(e.getKey());
                        }
                    }
                    default -> assertThat(runs.put(key, leaf)).isEqualTo(ref.put(key, leaf) == null);
                }
                assertThat(runs.size()).isEqualTo(ref.size());
            }
        }
    }
}
