package io.docstream.projection.writer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplicaCacheTest {

    @Test
    void evictsTheLeastRecentlyUsedEntry() {
        ReplicaCache<String, Integer> cache = new ReplicaCache<>(2);
        cache.put("a", 1);
        cache.put("b", 2);
        cache.get("a");
        cache.put("c", 3);

        assertThat(cache).containsOnlyKeys("a", "c");
    }
}
