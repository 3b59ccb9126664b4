package io.docstream.typeahead.api;

import io.docstream.protocol.MentionSelection;
import io.docstream.typeahead.access.Permissions;
import io.docstream.typeahead.mentions.Mention;
import io.docstream.typeahead.mentions.MentionIndexes;
import io.docstream.typeahead.mentions.SelectionPublisher;
import io.docstream.typeahead.titles.TitleCandidate;
import io.docstream.typeahead.titles.TitleSearch;
import io.docstream.typeahead.words.DocumentWords;
import io.docstream.typeahead.words.WordIndex;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The typeahead HTTP API; see docs/typeahead.md. */
@RestController
@RequestMapping("/api/typeahead")
public class TypeaheadController {

    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 50;
    static final int MAX_QUERY = 100;

    public record TitleHit(String docId, String title, long score, int distance) {}

    public record WordHit(String word, long score, int distance) {}

    public record Results<T>(List<T> results) {}

    public record SelectionRequest(String userId) {}

    public record SelectionAccepted(String docId, String userId, boolean accepted) {}

    private final Authenticator auth;
    private final Permissions permissions;
    private final TitleSearch titles;
    private final MentionIndexes mentions;
    private final WordIndex words;
    private final SelectionPublisher selections;

    public TypeaheadController(Authenticator auth, Permissions permissions, TitleSearch titles,
                               MentionIndexes mentions, WordIndex words, SelectionPublisher selections) {
        this.auth = auth;
        this.permissions = permissions;
        this.titles = titles;
        this.mentions = mentions;
        this.words = words;
        this.selections = selections;
    }

    @GetMapping("/titles")
    public Results<TitleHit> titles(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                                    @RequestParam(required = false) String q,
                                    @RequestParam(required = false) String limit,
                                    @RequestParam(required = false) String fuzzy) {
        UUID user = auth.caller(authorization);
        String query = query(q);
        if (query.isBlank()) {
            throw ApiException.invalid("q is required");
        }
        int n = limit(limit);
        boolean f = fuzzy == null || !fuzzy.equalsIgnoreCase("false");
        List<TitleCandidate> hits = titles.search(user, query, n, f).hits();
        return new Results<>(hits.stream().map(h -> new TitleHit(h.docId(), h.title(), h.weight(), h.distance())).toList());
    }

    @GetMapping("/documents/{docId}/mentions")
    public Results<Mention> mentions(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                                     @PathVariable String docId,
                                     @RequestParam(required = false) String q,
                                     @RequestParam(required = false) String limit) {
        UUID user = auth.caller(authorization);
        String query = query(q);
        int n = limit(limit);
        requireAccess(user, docId);
        return new Results<>(mentions.withIndex(docId, i -> i.search(query, n)));
    }

    @GetMapping("/documents/{docId}/words")
    public Results<WordHit> words(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                                  @PathVariable String docId,
                                  @RequestParam(required = false) String q,
                                  @RequestParam(required = false) String limit) {
        UUID user = auth.caller(authorization);
        String query = query(q);
        int n = limit(limit);
        requireAccess(user, docId);
        List<DocumentWords.Completion> cs = words.complete(docId, query, n);
        return new Results<>(cs.stream().map(c -> new WordHit(c.word(), c.count(), c.distance())).toList());
    }

    @PostMapping("/documents/{docId}/mentions/selections")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public SelectionAccepted select(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                                    @PathVariable String docId,
                                    @RequestBody(required = false) SelectionRequest body) {
        UUID user = auth.caller(authorization);
        requireAccess(user, docId);
        if (body == null || body.userId() == null || body.userId().isBlank()) {
            throw ApiException.invalid("userId is required");
        }
        String mentioned = body.userId();
        if (!mentions.withIndex(docId, i -> i.isCollaborator(mentioned))) {
            throw ApiException.invalid("userId is not a collaborator of this document");
        }
        selections.publish(new MentionSelection(docId, user.toString(), mentioned, System.currentTimeMillis()));
        return new SelectionAccepted(docId, mentioned, true);
    }

    private void requireAccess(UUID user, String docId) {
        if (!permissions.canOpen(user, docId)) {
            throw ApiException.notFound(); // never reveal whether the document exists
        }
    }

    private static String query(String q) {
        if (q == null) {
            return "";
        }
        if (q.length() > MAX_QUERY) {
            throw ApiException.invalid("q must be at most " + MAX_QUERY + " characters");
        }
        return q;
    }

    private static int limit(String limit) {
        if (limit == null || limit.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(limit.trim());
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw ApiException.invalid("limit must be an integer from 1 to " + MAX_LIMIT);
    }
}
