package io.docstream.infra.loadgen;

import io.docstream.client.DocStreamClient;
import io.docstream.protocol.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.JsonNode;

/**
 * Load generator: signs up users over REST, creates documents, shares them, connects one
 * WebSocket per (document, client) spread over the given gateways, and types at a fixed
 * keystroke rate. Measures the end-to-end latency from one client's send to every other
 * client's receipt (all clients live in this JVM, so one clock), the sustained rate of
 * acknowledged ops, and checks that every document converged.
 *
 * <pre>
 * infra/bin/loadgen --gateways http://localhost:8080 --docs 10 --clients 4 --rate 5 --duration 30
 * </pre>
 */
public final class LoadGenerator {

    record Options(List<String> gateways, int docs, int clients, double rate, int durationSeconds,
                   int warmupSeconds, long seed, boolean cursors) {

        static Options parse(String[] args) {
            Map<String, String> m = new java.util.HashMap<>();
            for (int i = 0; i + 1 < args.length; i += 2) {
                if (!args[i].startsWith("--")) {
                    throw new IllegalArgumentException("expected --option value, got " + args[i]);
                }
                m.put(args[i].substring(2), args[i + 1]);
            }
            return new Options(
                    List.of(m.getOrDefault("gateways", "http://localhost:8080").split(",")),
                    Integer.parseInt(m.getOrDefault("docs", "10")),
                    Integer.parseInt(m.getOrDefault("clients", "4")),
                    Double.parseDouble(m.getOrDefault("rate", "5")),
                    Integer.parseInt(m.getOrDefault("duration", "30")),
                    Integer.parseInt(m.getOrDefault("warmup", "5")),
                    Long.parseLong(m.getOrDefault("seed", "42")),
                    Boolean.parseBoolean(m.getOrDefault("cursors", "true")));
        }
    }

    private record Session(DocStreamClient client, String doc, Random random) {}

    private final Options o;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Map<Long, Long> sentAt = new ConcurrentHashMap<>();
    private final Recorder latency = new Recorder(3);
    private final Recorder cursorLatency = new Recorder(3);
    private final Map<Integer, Long> cursorSentAt = new ConcurrentHashMap<>();
    private final AtomicLong deliveries = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private volatile boolean measuring;

    private LoadGenerator(Options o) {
        this.o = o;
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        new LoadGenerator(o).run();
        System.exit(0);
    }

    private void run() throws Exception {
        Random random = new Random(o.seed());
        String run = UUID.randomUUID().toString().substring(0, 8);
        System.out.printf("setting up %d documents x %d clients on %s...%n", o.docs(), o.clients(), o.gateways());
        List<Session> sessions = new ArrayList<>();
        int gw = 0;
        for (int d = 0; d < o.docs(); d++) {
            String base = o.gateways().get(0);
            JsonNode owner = signup(base, "owner-" + run + "-" + d);
            String ownerToken = owner.path("token").asString();
            String doc = post(base, "/api/documents", ownerToken, "{\"title\":\"load " + run + " " + d + "\"}").path("id").asString();
            for (int c = 0; c < o.clients(); c++) {
                String token = ownerToken;
                if (c > 0) {
                    String email = "user-" + run + "-" + d + "-" + c + "@load.test";
                    JsonNode u = signup(base, email.substring(0, email.indexOf('@')));
                    token = u.path("token").asString();
                    put(base, "/api/documents/" + doc + "/permissions", ownerToken,
                            "{\"email\":\"" + email + "\",\"role\":\"editor\"}");
                }
                String g = o.gateways().get(gw++ % o.gateways().size());
                DocStreamClient client = DocStreamClient.connect(http, URI.create(g.replaceFirst("^http", "ws") + "/ws"), token);
                client.addListener(r -> onReceived(client, r));
                client.join(doc);
                sessions.add(new Session(client, doc, new Random(random.nextLong())));
            }
        }
        for (Session s : sessions) {
            long deadline = System.currentTimeMillis() + 30_000;
            while (!s.client().isJoined(s.doc()) && System.currentTimeMillis() < deadline) {
                Thread.onSpinWait();
            }
        }
        System.out.printf("%d sockets joined; typing at %.1f keystrokes/s each for %ds (+%ds warm-up)%n",
                sessions.size(), o.rate(), o.durationSeconds(), o.warmupSeconds());

        ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
        long periodMicros = (long) (1_000_000 / o.rate());
        List<ScheduledFuture<?>> typing = new ArrayList<>();
        for (Session s : sessions) {
            long jitter = (long) (s.random().nextDouble() * periodMicros);
            typing.add(timer.scheduleAtFixedRate(() -> keystroke(s), jitter, periodMicros, TimeUnit.MICROSECONDS));
        }
        Thread.sleep(o.warmupSeconds() * 1000L);
        latency.reset();
        cursorLatency.reset();
        long ackedAtStart = acked.get();
        measuring = true;
        long start = System.nanoTime();
        Thread.sleep(o.durationSeconds() * 1000L);
        measuring = false;
        double seconds = (System.nanoTime() - start) / 1e9;
        long ackedInWindow = acked.get() - ackedAtStart;
        Histogram h = latency.getIntervalHistogram();
        Histogram ch = cursorLatency.getIntervalHistogram();
        typing.forEach(f -> f.cancel(false));
        timer.shutdown();
        timer.awaitTermination(5, TimeUnit.SECONDS);

        // convergence: every client of a document reaches the same text once the last ops settle
        boolean converged = awaitConvergence(sessions);
        long errors = sessions.stream().mapToLong(s -> s.client().errors().size()).sum();
        System.out.printf("loadgen docs=%d clients_per_doc=%d rate_per_client=%.1f duration_s=%.1f ops_sent=%d "
                        + "ops_acked_per_s=%.1f deliveries=%d latency_p50_ms=%.2f latency_p99_ms=%.2f "
                        + "latency_max_ms=%.2f cursor_p50_ms=%.2f cursor_p99_ms=%.2f converged=%s errors=%d%n",
                o.docs(), o.clients(), o.rate(), seconds, sent.get(), ackedInWindow / seconds, h.getTotalCount(),
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0,
                ch.getValueAtPercentile(50) / 1000.0, ch.getValueAtPercentile(99) / 1000.0, converged, errors);
        sessions.forEach(s -> s.client().close());
    }

    private void keystroke(Session s) {
        DocStreamClient c = s.client();
        try {
            synchronized (c) {
                String text = c.text(s.doc());
                int len = text == null ? 0 : text.codePointCount(0, text.length());
                long cs;
                if (len > 10 && s.random().nextInt(10) == 0) {
                    cs = c.delete(s.doc(), len - 1 - s.random().nextInt(Math.min(len, 20)), 1);
                } else {
                    int at = Math.max(0, len - s.random().nextInt(Math.min(len, 20) + 1));
                    cs = c.insert(s.doc(), at, String.valueOf((char) ('a' + s.random().nextInt(26))));
                    // the caret follows the typing: one cursor move per keystroke
                    if (o.cursors()) {
                        c.setCursor(s.doc(), at + 1);
                        cursorSentAt.put(c.site(), System.nanoTime());
                    }
                }
                if (cs > 0) {
                    sentAt.put(key(c.site(), cs), System.nanoTime());
                    sent.incrementAndGet();
                }
            }
        } catch (RuntimeException e) {
            // a client that is not joined (yet) skips its keystroke
        }
    }

    private void onReceived(DocStreamClient self, DocStreamClient.Received r) {
        String type = r.message().path("type").asString("");
        if ("ack".equals(type)) {
            acked.incrementAndGet();
        } else if ("cursor".equals(type) && measuring) {
            Long t0 = cursorSentAt.get(r.message().path("site").asInt());
            if (t0 != null) {
                cursorLatency.recordValue(Math.max(0, (r.receivedNanos() - t0) / 1000));
            }
        } else if ("op".equals(type) && measuring) {
            Long t0 = sentAt.get(key(r.message().path("site").asInt(), r.message().path("clientSeq").asLong()));
            if (t0 != null) {
                latency.recordValue(Math.max(0, (r.receivedNanos() - t0) / 1000));
                deliveries.incrementAndGet();
            }
        }
    }

    private static long key(int site, long clientSeq) {
        return ((long) site << 32) ^ clientSeq;
    }

    private boolean awaitConvergence(List<Session> sessions) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            Map<String, String> texts = new java.util.HashMap<>();
            boolean ok = true;
            for (Session s : sessions) {
                if (s.client().pendingCount(s.doc()) > 0) {
                    ok = false;
                    break;
                }
                String t = s.client().text(s.doc());
                String prev = texts.putIfAbsent(s.doc(), t);
                if (prev != null && !prev.equals(t)) {
                    ok = false;
                    break;
                }
            }
            if (ok) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    private JsonNode signup(String base, String name) throws Exception {
        String email = name + "@load.test";
        return send(HttpRequest.newBuilder(URI.create(base + "/api/auth/signup"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email
                        + "\",\"password\":\"load-test-password\",\"displayName\":\"" + name + "\"}")));
    }

    private JsonNode post(String base, String path, String token, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private JsonNode put(String base, String path, String token, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Sends, honouring 429 Retry-After (the REST rate limit applies to the set-up too). */
    private JsonNode send(HttpRequest.Builder request) throws Exception {
        for (int attempt = 0; attempt < 100; attempt++) {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 429) {
                long wait = r.headers().firstValueAsLong("Retry-After").orElse(1);
                System.out.printf("rate limited during set-up; waiting %ds (raise docstream.edge.rate-limit.rest-capacity for big runs)%n", wait);
                Thread.sleep(wait * 1000);
                continue;
            }
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException("HTTP " + r.statusCode() + ": " + r.body());
            }
            return r.body().isEmpty() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(r.body());
        }
        throw new IllegalStateException("gave up after repeated 429s");
    }
}
