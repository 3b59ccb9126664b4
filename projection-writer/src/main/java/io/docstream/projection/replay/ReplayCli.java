package io.docstream.projection.replay;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@code infra/bin/doc-at DOC_ID SEQ}: prints the text of a document at a sequence number, rebuilt
 * from the PostgreSQL ops_log (no Kafka, no CRDT, no Spring context). {@code SEQ} may be
 * {@code latest}. The text is written to stdout exactly (UTF-8, no added newline), so that
 * {@code doc-at D 120 > v120.txt} is byte-exact; errors go to stderr.
 *
 * <p>Database: {@code DOCSTREAM_DB_URL} (default {@code jdbc:postgresql://127.0.0.1:5432/docstream}),
 * {@code DOCSTREAM_DB_USER} (default {@code postgres}), {@code DOCSTREAM_DB_PASSWORD} (default
 * empty) — the same variables as the services' application.yml.
 *
 * <p>Exit codes: 0 printed, 1 the log does not reach SEQ / has a gap / database error, 2 usage.
 */
public final class ReplayCli {

    static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/docstream";

    private ReplayCli() {}

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), new PrintStream(System.out, true, StandardCharsets.UTF_8), System.err));
    }

    /** Runs the command with explicit environment and streams (embeddable, testable); returns the exit code. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.length != 2) {
            err.println("usage: doc-at DOC_ID SEQ|latest   (database from DOCSTREAM_DB_URL, DOCSTREAM_DB_USER, DOCSTREAM_DB_PASSWORD)");
            return 2;
        }
        UUID docId;
        try {
            docId = UUID.fromString(args[0]);
        } catch (IllegalArgumentException e) {
            err.println("DOC_ID must be a UUID: " + args[0]);
            return 2;
        }
        Long seq = null;
        if (!"latest".equals(args[1])) {
            try {
                seq = Long.parseLong(args[1]);
            } catch (NumberFormatException e) {
                seq = -1L;
            }
            if (seq < 0) {
                err.println("SEQ must be a number >= 0 or 'latest': " + args[1]);
                return 2;
            }
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(env.getOrDefault("DOCSTREAM_DB_URL", DEFAULT_URL));
        ds.setUser(env.getOrDefault("DOCSTREAM_DB_USER", "postgres"));
        String password = env.get("DOCSTREAM_DB_PASSWORD");
        if (password != null && !password.isEmpty()) {
            ds.setPassword(password);
        }
        DocumentHistory history = new DocumentHistory(ds);
        try {
            long at = seq != null ? seq : history.latestSeq(docId);
            out.print(history.textAt(docId, at));
            out.flush();
            return 0;
        } catch (NoSuchElementException | IllegalStateException e) {
            String cause = e.getCause() != null && !(e.getCause() instanceof IllegalArgumentException)
                    ? " (" + e.getCause().getMessage() + ")" : "";
            err.println("doc-at: " + e.getMessage() + cause);
            return 1;
        }
    }
}
