package io.docstream.typeahead.mentions;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;

/** Builds a document's mention index: collaborators (retried with backoff) + current pick counts. */
public final class MentionLoader implements Function<String, MentionIndex> {

    private final CollaboratorSource source;
    private final SelectionCounts counts;
    private final RetryTemplate retry;

    public MentionLoader(CollaboratorSource source, SelectionCounts counts, int retries, Duration backoff) {
        this.source = source;
        this.counts = counts;
        this.retry = new RetryTemplate(RetryPolicy.builder()
                .maxRetries(retries).delay(backoff).multiplier(2.0).maxDelay(backoff.multipliedBy(16))
                .includes(DataAccessResourceFailureException.class, TransientDataAccessException.class)
                .build());
    }

    @Override
    public MentionIndex apply(String docId) {
        List<Collaborator> collaborators;
        try {
            collaborators = retry.execute(() -> source.collaborators(docId));
        } catch (RetryException e) {
            throw new MentionsUnavailableException("cannot load the collaborators of " + docId, e.getCause());
        }
        return new MentionIndex(collaborators, user -> counts.get(docId, user));
    }

    /** The mention index cannot be loaded now (the database is unavailable). */
    public static final class MentionsUnavailableException extends RuntimeException {
        public MentionsUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
