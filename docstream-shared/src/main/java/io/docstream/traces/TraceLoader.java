package io.docstream.traces;

import io.docstream.protocol.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import tools.jackson.databind.JsonNode;

/** Reads the gzip-compressed JSON traces of {@code shared/traces}. */
public final class TraceLoader {

    private TraceLoader() {}

    /** Loads a {@code .json.gz} trace; the name is derived with {@link #nameOf(Path)}. */
    public static Trace load(Path file) {
        JsonNode root;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
            root = Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read trace " + file, e);
        }
        return parse(nameOf(file), root);
    }

    /** File name without {@code .json.gz}, prefixed by {@code ascii_only/} when in that folder. */
    public static String nameOf(Path file) {
        String name = file.getFileName().toString();
        if (name.endsWith(".json.gz")) {
            name = name.substring(0, name.length() - ".json.gz".length());
        }
        Path parent = file.toAbsolutePath().normalize().getParent();
        if (parent != null && parent.getFileName() != null && parent.getFileName().toString().equals("ascii_only")) {
            name = "ascii_only/" + name;
        }
        return name;
    }

    static Trace parse(String name, JsonNode root) {
        JsonNode kind = root.get("kind");
        boolean concurrent = kind != null && "concurrent".equals(kind.stringValue());
        JsonNode end = root.get("endContent");
        if (end == null || !end.isString()) {
            throw new IllegalArgumentException(name + ": missing endContent");
        }
        JsonNode start = root.get("startContent");
        if (start != null && !start.stringValue("").isEmpty()) {
            throw new IllegalArgumentException(name + ": non-empty startContent is not supported");
        }
        JsonNode txns = root.get("txns");
        if (txns == null || !txns.isArray()) {
            throw new IllegalArgumentException(name + ": missing txns");
        }
        int numAgents = concurrent ? root.get("numAgents").intValue() : 1;
        List<Txn> out = new ArrayList<>(txns.size());
        for (int i = 0; i < txns.size(); i++) {
            JsonNode t = txns.get(i);
            JsonNode ps = t.get("patches");
            List<Patch> patches = new ArrayList<>(ps.size());
            for (int k = 0; k < ps.size(); k++) {
                JsonNode p = ps.get(k);
                patches.add(new Patch(p.get(0).intValue(), p.get(1).intValue(), p.get(2).stringValue()));
            }
            int agent = 0;
            int[] parents;
            if (concurrent) {
                agent = t.get("agent").intValue();
                JsonNode par = t.get("parents");
                parents = new int[par.size()];
                for (int k = 0; k < parents.length; k++) {
                    parents[k] = par.get(k).intValue();
                    if (parents[k] < 0 || parents[k] >= i) {
                        throw new IllegalArgumentException(name + ": txn " + i + " has parent " + parents[k]);
                    }
                }
                if (agent < 0 || agent >= numAgents) {
                    throw new IllegalArgumentException(name + ": txn " + i + " has agent " + agent);
                }
            } else {
                parents = i == 0 ? new int[0] : new int[] {i - 1};
            }
            out.add(new Txn(agent, parents, patches));
        }
        return new Trace(name, concurrent, numAgents, end.stringValue(), out);
    }
}
