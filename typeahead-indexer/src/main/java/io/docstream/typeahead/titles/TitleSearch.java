package io.docstream.typeahead.titles;

import io.docstream.typeahead.access.Permissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Title search that never reveals a title the caller cannot open. Candidates come from the
 * index in rank order; each round checks the not-yet-checked ones with one bulk permission
 * query. When filtering leaves fewer than {@code limit} results, the pool doubles (up to the
 * cap) and the next round checks only the new candidates.
 */
public final class TitleSearch {

    private final TitleIndex index;
    private final Permissions permissions;
    private final int poolCap;

    public TitleSearch(TitleIndex index, Permissions permissions, int poolCap) {
        this.index = index;
        this.permissions = permissions;
        this.poolCap = poolCap;
    }

    /** @param rounds bulk permission queries made; {@code examined} candidates checked */
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
            if (hits.size() >= limit || !c.more() || pool >= poolCap) {
                return new Result(hits, rounds, checked.size());
            }
            pool = Math.min(poolCap, pool * 2);
        }
    }
}
