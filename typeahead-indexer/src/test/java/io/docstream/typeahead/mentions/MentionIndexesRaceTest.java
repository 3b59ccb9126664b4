package io.docstream.typeahead.mentions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Lazy loading, idle unloading, and the unload/reload race provoked on purpose. */
class MentionIndexesRaceTest {

    private static final List<Collaborator> TEAM = List.of(
            new Collaborator("u1", "Alice Martin", "alice@example.com"),
            new Collaborator("u2", "Alan Turing", "alan@example.com"),
            new Collaborator("u3", "Bob Stone", "bob@example.com"));

    private final SelectionCounts counts = new SelectionCounts();
    private final AtomicInteger loaderCalls = new AtomicInteger();

    private MentionIndex load(String docId) {
        loaderCalls.incrementAndGet();
        return new MentionIndex(TEAM, user -> counts.get(docId, user));
    }

    private static List<Mention> search(MentionIndexes m, String docId, String q) {
        return m.withIndex(docId, i -> i.search(q, 10));
    }

    @Test
    void loadsLazilyRanksByPicksAndUnloadsWhenIdle() {
        AtomicLong clock = new AtomicLong();
        MentionIndexes m = new MentionIndexes(this::load, Duration.ofNanos(100), clock::get, d -> { });
        assertThat(m.loadedCount()).isZero();
        assertThat(search(m, "d", "al")).extracting(Mention::userId).containsExactly("u1", "u2");
        assertThat(loaderCalls).hasValue(1);

        m.countChanged("d", "u2", counts.increment("d", "u2"));
        assertThat(search(m, "d", "al")).extracting(Mention::userId, Mention::score)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("u2", 1L), org.assertj.core.groups.Tuple.tuple("u1", 0L));

        clock.addAndGet(50);
        assertThat(m.unloadIdle()).isZero(); // used 50ns ago: not idle yet
        clock.addAndGet(100);
        assertThat(m.unloadIdle()).isEqualTo(1);
        assertThat(m.loadedCount()).isZero();
        // a pick made while unloaded is still counted on reload
        counts.increment("d", "u1");
        counts.increment("d", "u1");
        assertThat(search(m, "d", "")).extracting(Mention::userId).containsExactly("u1", "u2", "u3");
        assertThat(loaderCalls).hasValue(2);
    }

    @Test
    void aRequestArrivingDuringAnUnloadWaitsAndGetsAFreshlyLoadedIndex() throws Exception {
        CountDownLatch unloadStarted = new CountDownLatch(1);
        CountDownLatch releaseUnload = new CountDownLatch(1);
        AtomicLong clock = new AtomicLong();
        MentionIndexes m = new MentionIndexes(this::load, Duration.ofNanos(1), clock::get, docId -> {
            unloadStarted.countDown();
            try {
                releaseUnload.await(); // the index is cleared but the unload has not finished
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        m.withIndex("d", i -> i.size());
        clock.addAndGet(10);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> unloader = pool.submit(m::unloadIdle);
            assertThat(unloadStarted.await(30, TimeUnit.SECONDS)).isTrue();

            Thread[] requester = new Thread[1];
            CompletableFuture<List<Mention>> request = CompletableFuture.supplyAsync(() -> {
                requester[0] = Thread.currentThread();
                return m.withIndex("d", i -> i.search("", 10));
            }, pool);
            // the request is parked on the slot's lock, not answered from the half-unloaded index
            await().atMost(Duration.ofSeconds(30)).until(() -> requester[0] != null
                    && (requester[0].getState() == Thread.State.WAITING || requester[0].getState() == Thread.State.TIMED_WAITING));
            assertThat(request).isNotDone();

            releaseUnload.countDown();
            assertThat(unloader.get(30, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(request.get(30, TimeUnit.SECONDS)).extracting(Mention::userId).containsExactlyInAnyOrder("u1", "u2", "u3");
            assertThat(loaderCalls).hasValue(2); // reloaded cleanly
            assertThat(m.unloads()).isEqualTo(1);
        } finally {
            releaseUnload.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void queriesRacingAContinuousUnloaderAlwaysSeeTheWholeIndex() throws Exception {
        MentionIndexes m = new MentionIndexes(this::load, Duration.ZERO, System::nanoTime, d -> Thread.yield());
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Future<?> unloader = pool.submit(() -> {
                while (!stop.get()) {
                    m.unloadIdle();
                    m.invalidate("d");
                }
            });
            List<Future<Integer>> readers = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                readers.add(pool.submit(() -> {
                    int bad = 0;
                    for (int i = 0; i < 3000; i++) {
                        List<Mention> all = m.withIndex("d", idx -> idx.search("", 10));
                        if (all.size() != TEAM.size()) {
                            bad++;
                        }
                    }
                    return bad;
                }));
            }
            for (Future<Integer> r : readers) {
                assertThat(r.get(120, TimeUnit.SECONDS)).as("answers from a partial index").isZero();
            }
            stop.set(true);
            unloader.get(30, TimeUnit.SECONDS);
            assertThat(m.unloads()).as("the race was exercised").isPositive();
            assertThat(loaderCalls.get()).isGreaterThan(1);
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }
    }
}
