package io.docstream.processor.topology;

import io.docstream.crdt.Rga;
import java.util.LinkedHashMap;
import java.util.Map;

/** Bounded LRU of in-memory replicas of one stream task (single-threaded, like the task). */
final class ReplicaCache {

    private final Map<String, Rga> replicas;

    ReplicaCache(int maxDocs) {
        this.replicas = new LinkedHashMap<>(Math.min(maxDocs, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Rga> eldest) {
                return size() > maxDocs;
            }
        };
    }

    Rga get(String docId) {
        return replicas.get(docId);
    }

    void put(String docId, Rga rga) {
        replicas.put(docId, rga);
    }

    void remove(String docId) {
        replicas.remove(docId);
    }

    int size() {
        return replicas.size();
    }
}
