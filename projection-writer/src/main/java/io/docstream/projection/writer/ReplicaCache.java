package io.docstream.projection.writer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded LRU map (access order; the least recently used entry goes when the bound is passed).
 * Not thread-safe: the writer's single consumer thread owns it.
 */
final class ReplicaCache<K, V> extends LinkedHashMap<K, V> {

    private final int maxEntries;

    ReplicaCache(int maxEntries) {
        super(16, 0.75f, true);
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be >= 1: " + maxEntries);
        }
        this.maxEntries = maxEntries;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > maxEntries;
    }
}
