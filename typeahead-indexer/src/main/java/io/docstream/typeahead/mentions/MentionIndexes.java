package io.docstream.typeahead.mentions;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-document mention indexes: loaded lazily on first use, unloaded after being idle.
 *
 * <p>Each document has a slot with a read-write lock. Queries and count updates hold the read
 * lock; loading and unloading hold the write lock. Unloading marks the slot UNLOADED and removes
 * it from the map before releasing the lock, so a request that arrived during the unload waits
 * for it, sees UNLOADED, and retries with a fresh slot that loads cleanly: no request is ever
 * served from a half-unloaded index.
 */
public final class MentionIndexes {

    private static final Logger log = LoggerFactory.getLogger(MentionIndexes.class);

    /** Test seam: called while an index is being unloaded (write lock held, index cleared). */
    public interface UnloadHook {
        void unloading(String docId);
    }

    private enum State { NEW, LOADED, UNLOADED }

    private static final class Slot {
        final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
        State state = State.NEW;
        MentionIndex index;
        volatile long lastUsed;
    }

    private final Map<String, Slot> slots = new ConcurrentHashMap<>();
    private final Function<String, MentionIndex> loader;
    private final long idleNanos;
    private final LongSupplier nanoTime;
    private final UnloadHook hook;
    private final AtomicLong loads = new AtomicLong();
    private final AtomicLong unloads = new AtomicLong();

    /**
     * @param loader builds the index of a document (collaborators + current pick counts); it may
     *               retry internally and throws when the document cannot be loaded now
     */
    public MentionIndexes(Function<String, MentionIndex> loader, Duration idle, LongSupplier nanoTime, UnloadHook hook) {
        this.loader = loader;
        this.idleNanos = idle.toNanos();
        this.nanoTime = nanoTime;
        this.hook = hook;
    }

    public MentionIndexes(Function<String, MentionIndex> loader, Duration idle) {
        this(loader, idle, System::nanoTime, docId -> { });
    }

    /** Runs {@code query} against the loaded index of {@code docId}, loading it if needed. */
    public <T> T withIndex(String docId, Function<MentionIndex, T> query) {
        while (true) {
            Slot s = slots.computeIfAbsent(docId, d -> new Slot());
            s.lock.readLock().lock();
            try {
                if (s.state == State.LOADED) {
                    s.lastUsed = nanoTime.getAsLong();
                    return query.apply(s.index);
                }
            } finally {
                s.lock.readLock().unlock();
            }
            if (s.state == State.UNLOADED) {
                continue; // unloaded meanwhile: the slot is gone from the map, take a fresh one
            }
            s.lock.writeLock().lock();
            try {
                if (s.state == State.NEW) {
                    s.index = loader.apply(docId);
                    s.lastUsed = nanoTime.getAsLong();
                    s.state = State.LOADED;
                    loads.incrementAndGet();
                    log.debug("mention index of {} loaded ({} collaborators)", docId, s.index.size());
                }
                s.lock.readLock().lock(); // downgrade: no unload can slip in before the query
            } finally {
                s.lock.writeLock().unlock();
            }
            try {
                if (s.state == State.LOADED) {
                    s.lastUsed = nanoTime.getAsLong();
                    return query.apply(s.index);
                }
            } finally {
                s.lock.readLock().unlock();
            }
        }
    }

    /** A pick was counted: updates the loaded index, if any (absolute count, idempotent). */
    public void countChanged(String docId, String userId, long count) {
        Slot s = slots.get(docId);
        if (s == null) {
            return; // not loaded: the next load reads the current counts
        }
        s.lock.readLock().lock();
        try {
            if (s.state == State.LOADED) {
                s.index.setCount(userId, count);
            }
        } finally {
            s.lock.readLock().unlock();
        }
    }

    /** The collaborators of a document changed: drop its index now (waits for running queries). */
    public void invalidate(String docId) {
        Slot s = slots.get(docId);
        if (s != null) {
            s.lock.writeLock().lock();
            try {
                unloadLocked(docId, s);
            } finally {
                s.lock.writeLock().unlock();
            }
        }
    }

    /** Unloads the indexes idle for longer than the idle time; skips those in use. */
    public int unloadIdle() {
        long now = nanoTime.getAsLong();
        int n = 0;
        for (Map.Entry<String, Slot> e : slots.entrySet()) {
            Slot s = e.getValue();
            if (now - s.lastUsed < idleNanos || !s.lock.writeLock().tryLock()) {
                continue;
            }
            try {
                if (s.state == State.LOADED && now - s.lastUsed >= idleNanos) {
                    unloadLocked(e.getKey(), s);
                    n++;
                }
            } finally {
                s.lock.writeLock().unlock();
            }
        }
        return n;
    }

    private void unloadLocked(String docId, Slot s) {
        if (s.state == State.LOADED) {
            s.index.clear();
            hook.unloading(docId);
            unloads.incrementAndGet();
            log.debug("mention index of {} unloaded", docId);
        }
        s.index = null;
        s.state = State.UNLOADED;
        slots.remove(docId, s);
    }

    public int loadedCount() {
        return slots.size();
    }

    public long loads() {
        return loads.get();
    }

    public long unloads() {
        return unloads.get();
    }
}
