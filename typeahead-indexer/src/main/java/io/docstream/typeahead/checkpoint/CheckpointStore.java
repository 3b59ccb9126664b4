package io.docstream.typeahead.checkpoint;

import io.docstream.protocol.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One checkpoint file ({@code checkpoint.json.gz}) in a directory, replaced atomically: it is
 * written to a temporary file, synced, then renamed over the previous one, so a crash leaves
 * either the old or the new checkpoint, never a torn one.
 */
public final class CheckpointStore {

    private static final Logger log = LoggerFactory.getLogger(CheckpointStore.class);
    static final String FILE = "checkpoint.json.gz";

    private final Path dir;

    public CheckpointStore(Path dir) {
        this.dir = dir;
    }

    public Path file() {
        return dir.resolve(FILE);
    }

    public void write(Checkpoint cp) {
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(FILE + ".tmp");
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                Json.MAPPER.writeValue(out, cp);
            }
            try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(tmp, file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file(), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint in " + dir, e);
        }
    }

    /** The latest checkpoint; empty if there is none or it is unreadable (then replay from the start). */
    public Optional<Checkpoint> read() {
        Path f = file();
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(f), 1 << 16)) {
            Checkpoint cp = Json.MAPPER.readValue(in, Checkpoint.class);
            if (cp.version() != Checkpoint.VERSION) {
                log.warn("ignoring checkpoint {} of version {} (expected {})", f, cp.version(), Checkpoint.VERSION);
                return Optional.empty();
            }
            return Optional.of(cp);
        } catch (IOException | RuntimeException e) {
            log.error("unreadable checkpoint {}, replaying the topics from the beginning", f, e);
            return Optional.empty();
        }
    }
}
