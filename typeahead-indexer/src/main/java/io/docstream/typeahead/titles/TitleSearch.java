package io.docstream.typeahead.titles;

import io.docstream.typeahead.access.Permissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Title search that never reveals a title the caller cannot open. Candidates come from the
 * index in rank order; each round checks the not-yet-checked ones with one bulk permission
 * query. When filtering leaves fewer than {@code limit} results, the pool doubles (up to the
 * cap) and the next round checks only the new candidates.
 *
 * <p>If the cap is reached and the index holds still more candidates, one last round lists the
 * caller's own documents (one query, at most {@link #OWN_DOCUMENTS_MAX}) and matches their
 * titles directly, so a user with access to few documents still finds every one of them however
 * many forbidden titles outrank them.
 */
public final class TitleSearch {

    /** The caller's-documents round is skipped beyond this many documents (then the cap rules). */
    public static final int OWN_DOCUMENTS_MAX = 5000;

    private static final Comparator<TitleCandidate> RANK = Comparator.comparingInt(TitleCandidate::distance)
            .thenComparing(Comparator.comparingInt(TitleCandidate::weight).reversed())
            .thenComparing(TitleCandidate::docId);

    private final TitleIndex index;
    private final Permissions permissions;
    private final int poolCap;

    public TitleSearch(TitleIndex index, Permissions permissions, int poolCap) {
        this.index = index;
        this.permissions = permissions;
        this.poolCap = poolCap;
    }

    /** @param rounds permission queries made; {@code examined} candidates checked in bulk */
    public record Result(List<TitleCandidate> hits, int rounds, int examined) {}

    public Result search(UUID userId, String query, int limit, boolean fuzzy) {
        int pool = Math.min(poolCap, Math.max(limit * 2, 16));
        Set<String> checked = new HashSet<>();
        Set<String> allowed = new HashSet<>();
        int rounds = 0;
        while (true) {
            TitleIndex.Candidates c = index.candidates(query, pool, fuzzy);
            List<String> fresh = new ArrayList<>();
            for (TitleCandidate t : c.list()) {
                if (checked.add(t.docId())) {
                    fresh.add(t.docId());
                }
            }
            if (!fresh.isEmpty()) {
                allowed.addAll(permissions.openable(userId, fresh));
                rounds++;
            }
            List<TitleCandidate> hits = new ArrayList<>(limit);
            for (TitleCandidate t : c.list()) {
                if (allowed.contains(t.docId())) {
                    hits.add(t);
                    if (hits.size() == limit) {
                        break;
                    }
                }
            }
            if (hits.size() >= limit || !c.more()) {
                return new Result(hits, rounds, checked.size());
            }
            if (pool >= poolCap) {
                return ownDocuments(userId, query, limit, fuzzy, hits, rounds + 1, checked.size());
            }
            pool = Math.min(poolCap, pool * 2);
        }
    }

    private Result ownDocuments(UUID userId, String query, int limit, boolean fuzzy, List<TitleCandidate> hits,
                                int rounds, int examined) {
        List<String> mine = permissions.openableDocuments(userId, OWN_DOCUMENTS_MAX + 1);
        if (mine.size() > OWN_DOCUMENTS_MAX) {
            return new Result(hits, rounds, examined); // too many to scan: the capped pool is the answer
        }
        Map<String, TitleCandidate> merged = new LinkedHashMap<>();
        for (TitleCandidate t : hits) {
            merged.put(t.docId(), t);
        }
        for (TitleCandidate t : index.matchAmong(mine, query, fuzzy)) {
            merged.putIfAbsent(t.docId(), t);
        }
        List<TitleCandidate> all = new ArrayList<>(merged.values());
        all.sort(RANK);
        return new Result(all.subList(0, Math.min(limit, all.size())), rounds, examined);
    }
}
