package io.docstream.processor.migration;

import io.docstream.processor.KafkaSettings;
import io.docstream.processor.ProcessorSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code infra/bin/grow-partitions}: grows {@code doc-ops-in} to more partitions on a live
 * deployment (see {@link PartitionGrowth}). Options ({@code --name value}), with their defaults:
 *
 * <pre>
 *   --partitions N                      required: the new partition count
 *   --bootstrap-servers localhost:9092  Kafka
 *   --topic-prefix ""                   docstream.kafka.topic-prefix of the services
 *   --application-id docstream-crdt-processor   docstream.processor.application-id
 *   --replication-factor 1              of the new topics (3 in production)
 *   --redis-uri redis://127.0.0.1:6379  Redis of the gateway registry
 *   --redis-prefix ""                   docstream.redis.channel-prefix of the services
 *   --gateway-timeout 30s               wait for every live gateway to switch
 *   --drain-timeout 120s                wait for each drain step
 * </pre>
 *
 * Progress goes to stdout; the last line is {@code grow-partitions: ok generation=.. partitions=..
 * from_partitions=.. state_records=.. documents=.. stragglers=.. pause_ms=.. catch_up_ms=..}. Exit status 0 on
 * success, 2 for bad options, 1 when a step failed or timed out (run again to resume).
 */
public final class GrowPartitionsCli {

    private static final Set<String> OPTIONS = Set.of("partitions", "bootstrap-servers", "topic-prefix",
            "application-id", "replication-factor", "redis-uri", "redis-prefix", "gateway-timeout", "drain-timeout");

    private GrowPartitionsCli() {}

    static PartitionGrowth.Settings parse(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("expected --option, got " + a);
            }
            String name;
            String value;
            int eq = a.indexOf('=');
            if (eq > 0) {
                name = a.substring(2, eq);
                value = a.substring(eq + 1);
            } else {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                name = a.substring(2);
                value = args[++i];
            }
            if (!OPTIONS.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + "; known: " + OPTIONS);
            }
            m.put(name, value);
        }
        if (!m.containsKey("partitions")) {
            throw new IllegalArgumentException("--partitions N is required");
        }
        int partitions = Integer.parseInt(m.get("partitions"));
        if (partitions < 1 || partitions > 10_000) {
            throw new IllegalArgumentException("--partitions must be between 1 and 10000");
        }
        return new PartitionGrowth.Settings(
                m.getOrDefault("bootstrap-servers", KafkaSettings.DEFAULT_BOOTSTRAP_SERVERS),
                m.getOrDefault("topic-prefix", ""),
                m.getOrDefault("application-id", ProcessorSettings.DEFAULT_APPLICATION_ID),
                partitions,
                Short.parseShort(m.getOrDefault("replication-factor", "1")),
                m.getOrDefault("redis-uri", "redis://127.0.0.1:6379"),
                m.getOrDefault("redis-prefix", ""),
                duration(m.getOrDefault("gateway-timeout", "30s")),
                duration(m.getOrDefault("drain-timeout", "120s")));
    }

    /** {@code 500ms}, {@code 30s}, {@code 2m} or an ISO-8601 duration. */
    static Duration duration(String text) {
        String t = text.strip().toLowerCase();
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        if (t.endsWith("s")) {
            return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
        }
        if (t.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
        }
        return Duration.parse(text);
    }

    public static void main(String[] args) {
        PartitionGrowth.Settings settings;
        try {
            settings = parse(args);
        } catch (RuntimeException e) {
            System.err.println("grow-partitions: " + e.getMessage());
            System.exit(2);
            return;
        }
        try (PartitionGrowth growth = new PartitionGrowth(settings, System.out)) {
            System.out.println(growth.run().line());
        } catch (Exception e) {
            System.err.println("grow-partitions: failed: " + e.getMessage());
            System.exit(1);
        }
    }
}
