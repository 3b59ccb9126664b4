package io.docstream.typeahead.titles;

import static org.assertj.core.api.Assertions.assertThat;

import io.docstream.protocol.DocumentEvent;
import io.docstream.typeahead.access.Permissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Permission filtering and adaptive widening, with an in-memory permission table. */
class TitleSearchTest {

    /** Records every bulk call so that tests can count rounds. */
    static final class FakePermissions implements Permissions {
        final Set<String> allowed;
        final List<Integer> bulkSizes = new ArrayList<>();

        FakePermissions(Set<String> allowed) {
            this.allowed = allowed;
        }

        @Override
        public Set<String> openable(UUID userId, Collection<String> docIds) {
            bulkSizes.add(docIds.size());
            return docIds.stream().filter(allowed::contains).collect(Collectors.toSet());
        }

        @Override
        public boolean canOpen(UUID userId, String docId) {
            return allowed.contains(docId);
        }

        @Override
        public List<String> openableDocuments(UUID userId, int max) {
            listings++;
            return allowed.stream().limit(max).toList();
        }

        int listings;
    }

    static DocumentEvent created(String docId, String title, long at) {
        return new DocumentEvent(UUID.randomUUID().toString(), DocumentEvent.CREATED, docId, title, "o", "o", "owner", at);
    }

    @Test
    void neverReturnsAForbiddenTitleAndWidensUntilItFindsAllOwnMatches() {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        TitleIndex index = new TitleIndex(100_000);
        List<DocumentEvent> events = new ArrayList<>();
        Set<String> mine = new HashSet<>();
        for (int i = 0; i < 900; i++) {
            String id = UUID.randomUUID().toString();
            // the caller's documents are the oldest: every forbidden one outranks them
            boolean own = i < 6;
            long at = 1_700_000_000_000L + (own ? i : 10_000 + rnd.nextInt(1_000_000)) * 1000L;
            events.add(created(id, "Quarterly planning " + i, at));
            if (own) {
                mine.add(id);
            }
        }
        events.add(created(UUID.randomUUID().toString(), "Unrelated notes", 1_800_000_000_000L));
        index.apply(events);
        FakePermissions perms = new FakePermissions(mine);
        TitleSearch search = new TitleSearch(index, perms, 1000);

        TitleSearch.Result r = search.search(UUID.randomUUID(), "plan", 10, true);

        assertThat(r.hits()).as("seed %d", seed).extracting(TitleCandidate::docId).containsExactlyInAnyOrderElementsOf(mine);
        assertThat(r.hits()).allMatch(h -> mine.contains(h.docId()));
        assertThat(r.rounds()).isEqualTo(perms.bulkSizes.size()).isGreaterThan(1);
        // each round checks only new candidates: no document is checked twice
        assertThat(perms.bulkSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(r.examined()).isEqualTo(900);
    }

    @Test
    void stopsAtTheCapAndAtTheFirstSufficientRound() {
        TitleIndex index = new TitleIndex(100_000);
        List<DocumentEvent> events = new ArrayList<>();
        Set<String> all = new HashSet<>();
        for (int i = 0; i < 3000; i++) {
            String id = UUID.randomUUID().toString();
            all.add(id);
            events.add(created(id, "report " + i, 1_700_000_000_000L + i * 1000L));
        }
        index.apply(events);
        FakePermissions everything = new FakePermissions(all);
        TitleSearch.Result r = new TitleSearch(index, everything, 1000).search(UUID.randomUUID(), "rep", 10, false);
        assertThat(r.hits()).hasSize(10);
        assertThat(r.rounds()).isEqualTo(1);
        // newest first
        assertThat(r.hits().get(0).title()).isEqualTo("report 2999");

        FakePermissions nothing = new FakePermissions(Set.of());
        TitleSearch.Result none = new TitleSearch(index, nothing, 1000).search(UUID.randomUUID(), "rep", 10, false);
        assertThat(none.hits()).isEmpty();
        assertThat(none.examined()).isEqualTo(1000); // the cap bounds the work
    }

    @Test
    void beyondTheCapTheCallersOwnDocumentsAreStillFound() {
        TitleIndex index = new TitleIndex(100_000);
        List<DocumentEvent> events = new ArrayList<>();
        Set<String> mine = new HashSet<>();
        for (int i = 0; i < 3000; i++) {
            String id = UUID.randomUUID().toString();
            events.add(created(id, "Launch plan " + i, 1_700_000_000_000L + (i + 100) * 1000L));
        }
        for (int i = 0; i < 4; i++) { // the oldest: 3000 forbidden titles outrank them
            String id = UUID.randomUUID().toString();
            mine.add(id);
            events.add(created(id, i == 0 ? "Lunch plan" : "Launch plan mine " + i, 1_700_000_000_000L + i * 1000L));
        }
        String other = UUID.randomUUID().toString();
        mine.add(other);
        events.add(created(other, "Holiday rota", 1_700_000_000_000L));
        index.apply(events);
        FakePermissions perms = new FakePermissions(mine);
        TitleSearch.Result r = new TitleSearch(index, perms, 1000).search(UUID.randomUUID(), "launch", 10, true);
        assertThat(r.hits()).allMatch(h -> mine.contains(h.docId()));
        assertThat(r.hits()).extracting(TitleCandidate::title)
                .containsExactly("Launch plan mine 3", "Launch plan mine 2", "Launch plan mine 1", "Lunch plan");
        assertThat(r.hits().get(3).distance()).isEqualTo(1);
        assertThat(perms.listings).isEqualTo(1);
        assertThat(r.examined()).isEqualTo(1000);
    }

    @Test
    void renameAndDeleteUpdateTheIndexAndEarlierQueryWordsFilter() {
        TitleIndex index = new TitleIndex(1000);
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        index.apply(List.of(created(a, "Budget draft", 1_700_000_000_000L), created(b, "Budget final", 1_700_000_001_000L)));
        FakePermissions perms = new FakePermissions(Set.of(a, b));
        TitleSearch s = new TitleSearch(index, perms, 1000);
        assertThat(s.search(UUID.randomUUID(), "budget dra", 10, false).hits()).extracting(TitleCandidate::docId).containsExactly(a);
        index.apply(List.of(new DocumentEvent("e", DocumentEvent.RENAMED, a, "Roadmap", "o", "o", null, 1_700_000_002_000L)));
        assertThat(s.search(UUID.randomUUID(), "budget", 10, false).hits()).extracting(TitleCandidate::docId).containsExactly(b);
        assertThat(s.search(UUID.randomUUID(), "roadmpa", 10, true).hits()).extracting(TitleCandidate::docId).containsExactly(a);
        index.apply(List.of(new DocumentEvent("e2", DocumentEvent.DELETED, b, null, "o", "o", null, 0)));
        assertThat(s.search(UUID.randomUUID(), "budget", 10, false).hits()).isEmpty();
        assertThat(index.trie().wordCount()).isEqualTo(1); // "roadmap": emptied words are gone
    }
}
