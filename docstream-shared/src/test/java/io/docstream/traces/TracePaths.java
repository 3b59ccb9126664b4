package io.docstream.traces;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Finds {@code shared/traces} by walking up from the working directory (module or repo root). */
final class TracePaths {

    private TracePaths() {}

    static Path root() {
        String override = System.getProperty("docstream.traces");
        if (override != null) {
            return Path.of(override);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("traces");
            if (Files.isDirectory(candidate.resolve("sequential"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("shared/traces not found above " + Path.of("").toAbsolutePath()
                + " (set -Ddocstream.traces=...)");
    }

    static List<Path> list(String sub) {
        try (Stream<Path> s = Files.list(root().resolve(sub))) {
            return s.filter(p -> p.toString().endsWith(".json.gz")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
