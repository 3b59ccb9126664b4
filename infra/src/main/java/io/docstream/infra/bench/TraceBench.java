package io.docstream.infra.bench;

import io.docstream.crdt.Rga;
import io.docstream.traces.Trace;
import io.docstream.traces.TraceLoader;
import io.docstream.traces.TraceReplay;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Replays editing traces on the RGA engine and prints, per trace, one line:
 *
 * <pre>trace=&lt;name&gt; patches=&lt;n&gt; ok=&lt;bool&gt; local_ms=&lt;median&gt; remote_ms=&lt;median&gt; heap_bytes=&lt;n&gt;</pre>
 *
 * <ul>
 *   <li>local_ms: sequential traces as local edits on one replica; concurrent traces as the
 *       whole per-agent replay with merges ({@link TraceReplay#local});
 *   <li>remote_ms: the ops of that replay applied in causal (txn) order to a fresh replica;
 *   <li>medians over {@code -Dbench.runs} (default 9) measured runs, after a JIT warm-up of at
 *       least {@code -Dbench.warmup} (default 10) unmeasured runs and at least
 *       {@code -Dbench.warmupMillis} (default 3000) ms;
 *   <li>ok: every replica (each agent's, and the remote one) equals endContent;
 *   <li>heap_bytes: retained heap of the final replica (see {@link #retainedHeap}).
 * </ul>
 */
public final class TraceBench {

    private TraceBench() {}

    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: trace-bench FILE.json.gz...");
            System.exit(2);
        }
        int runs = Integer.getInteger("bench.runs", 9);
        int warmup = Integer.getInteger("bench.warmup", 10);
        long warmupMillis = Long.getLong("bench.warmupMillis", 3000);
        boolean allOk = true;
        for (String arg : args) {
            Path file = Path.of(arg);
            Trace trace = TraceLoader.load(file);
            Line line = measure(trace, runs, warmup, warmupMillis);
            allOk &= line.ok;
            System.out.printf("trace=%s patches=%d ok=%s local_ms=%.1f remote_ms=%.1f heap_bytes=%d%n",
                    trace.name(), trace.patchCount(), line.ok, line.localMs, line.remoteMs, line.heapBytes);
        }
        System.exit(allOk ? 0 : 1);
    }

    private record Line(boolean ok, double localMs, double remoteMs, long heapBytes) {}

    private static Line measure(Trace trace, int runs, int warmup, long warmupMillis) {
        double[] local = new double[runs];
        double[] remote = new double[runs];
        boolean ok = true;
        long warmUntil = System.nanoTime() + warmupMillis * 1_000_000L;
        int warmed = 0;
        while (warmed < warmup || System.nanoTime() < warmUntil) {
            TraceReplay.Result result = TraceReplay.local(trace);
            ok &= result.allEqual(trace.endContent());
            ok &= TraceReplay.remote(result.ops()).text().equals(trace.endContent());
            warmed++;
        }
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            TraceReplay.Result result = TraceReplay.local(trace);
            long t1 = System.nanoTime();
            Rga fresh = TraceReplay.remote(result.ops());
            long t2 = System.nanoTime();
            ok &= result.allEqual(trace.endContent()) && fresh.text().equals(trace.endContent());
            local[i] = (t1 - t0) / 1e6;
            remote[i] = (t2 - t1) / 1e6;
        }
        long heap = retainedHeap(trace);
        return new Line(ok, median(local), median(remote), heap);
    }

    /**
     * Retained heap of the final replica of a local replay (for concurrent traces, agent 0's):
     * used heap after full GCs while the replica is reachable, minus used heap after full GCs
     * once it is released; median of 5 measurements. The replay's ops are garbage before the
     * first measurement.
     */
    private static long retainedHeap(Trace trace) {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        long[] samples = new long[5];
        for (int k = 0; k < samples.length; k++) {
            Rga replica = TraceReplay.local(trace).replicas().get(0);
            long held = usedAfterGc(mem);
            Reference.reachabilityFence(replica);
            replica = null;
            long released = usedAfterGc(mem);
            samples[k] = held - released;
        }
        Arrays.sort(samples);
        return Math.max(0, samples[samples.length / 2]);
    }

    private static long usedAfterGc(MemoryMXBean mem) {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, mem.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
