package io.gmq.im.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The soak's verdict: from the samples after the warm-up, whether each process's RSS and heap after GC stayed within
 * 10 %, its threads and file descriptors did not grow, its log had no ERROR line, and no message was lost. Also wires
 * the GC logs the generator samples.
 */
final class Soak {

    /** The processes sampled; the generator's row is shown but not part of the verdict (it is the bench's own). */
    static final List<String> PROCESSES = List.of("logic", "push", "comet", "generator");
    static final double GROWTH_LIMIT_PCT = 10;

    private Soak() {
    }

    /**
     * Tells the generator where each tier's GC log is and starts it with one of its own in {@code runDir}; returns the
     * generator's JVM options.
     */
    static String prepare(Map<String, String> generator, Map<String, Path> logs, Path runDir, String jvm) {
        logs.forEach((service, log) -> generator.put(service + "-gc-log",
                log.resolveSibling(Tiers.gcLogName(service)).toString()));
        Path own = runDir.resolve(Tiers.gcLogName("generator"));
        generator.put("generator-gc-log", own.toString());
        // quoted: -Xlog separates its parts with ':'
        return jvm + " -Xlog:gc:file=\"" + own + "\"";
    }

    /** Adds {@code verdict} to a soak record and returns it. */
    static ObjectNode judge(ObjectNode record) {
        JsonNode figures = record.get("figures");
        JsonNode params = record.get("params");
        int every = params.path("sample-seconds").asInt(60);
        int warmup = params.path("warmup-minutes").asInt(5);
        List<JsonNode> judged = new ArrayList<>();
        // Samples whose interval began after the warm-up: the heap after GC is an interval's figure, and the first
        // interval's collections still belong to start-up.
        figures.path("samples").forEach(s -> {
            if ((s.get("sample").asLong() - 1) * every >= warmup * 60L) {
                judged.add(s);
            }
        });
        ObjectNode verdict = record.putObject("verdict");
        long lost = figures.path("rooms_total").path("lost").asLong(-1) + figures.path("peer_total").path("lost").asLong(-1);
        verdict.put("lost", lost);
        if (judged.size() < 2) {
            return verdict.put("ok", false).put("reason", "fewer than 2 samples after the warm-up");
        }
        verdict.put("from_sample", judged.get(0).get("sample").asInt()).put("to_sample",
                judged.get(judged.size() - 1).get("sample").asInt());
        boolean ok = lost == 0;
        ObjectNode rows = verdict.putObject("processes");
        for (String name : PROCESSES) {
            List<JsonNode> procs = judged.stream().map(s -> s.path("procs").path(name)).toList();
            ObjectNode row = rows.putObject(name);
            boolean rowOk = growth(row, "rss", procs.get(0).path("rss_mb").asDouble(-1),
                    procs.getLast().path("rss_mb").asDouble(-1));
            // Heap after a young GC also holds old garbage that waits for G1's next mixed collection, a sawtooth that
            // a single sample can catch high: compare the lowest of the first third with the lowest of the last third.
            int third = Math.max(1, procs.size() / 3);
            rowOk &= growth(row, "heap", lowest(procs.subList(0, third)),
                    lowest(procs.subList(procs.size() - third, procs.size())));
            // Floors again: pools that start threads on demand and retire idle ones (Vert.x workers, virtual-thread
            // carriers, JIT compiler threads) and connection pools grow under a burst (a connect, another process
            // taking the CPU) and shrink after their keep-alive; leaked threads or descriptors never leave, so they
            // raise the floor. The tolerance covers a pool's few threads or connections kept.
            List<JsonNode> first = procs.subList(0, third);
            List<JsonNode> last = procs.subList(procs.size() - third, procs.size());
            long threads = lowest(first, "threads");
            rowOk &= steady(row, "threads", threads, lowest(last, "threads"), Math.max(5, threads / 20));
            long fds = lowest(first, "fds");
            rowOk &= steady(row, "fds", fds, lowest(last, "fds"), Math.max(10, fds / 100));
            if (!name.equals("generator")) {
                long errors = record.path("log_errors").path("counts").path(name).asLong(-1);
                row.put("errors", errors);
                rowOk &= errors == 0;
                ok &= rowOk;
            }
            row.put("ok", rowOk);
        }
        return verdict.put("ok", ok);
    }

    private static boolean growth(ObjectNode row, String name, double first, double last) {
        boolean known = first > 0 && last >= 0;
        double pct = known ? (last - first) * 100 / first : Double.NaN;
        row.putArray(name + "_mb").add(first).add(last);
        row.put(name + "_growth_pct", known ? Math.round(pct * 10) / 10.0 : null);
        boolean ok = known && pct <= GROWTH_LIMIT_PCT;
        row.put(name + "_ok", ok);
        return ok;
    }

    private static boolean steady(ObjectNode row, String name, long first, long last, long tolerance) {
        row.putArray(name).add(first).add(last);
        row.put(name + "_tolerance", tolerance);
        boolean ok = first >= 0 && last >= 0 && last - first <= tolerance;
        row.put(name + "_ok", ok);
        return ok;
    }

    private static long value(JsonNode proc, String field) {
        return proc.path(field).asLong(-1);
    }

    private static long lowest(List<JsonNode> procs, String field) {
        return procs.stream().filter(p -> p.has(field)).mapToLong(p -> p.get(field).asLong()).min().orElse(-1);
    }

    private static double lowest(List<JsonNode> procs) {
        return procs.stream().filter(p -> p.has("heap_min_mb")).mapToDouble(p -> p.get("heap_min_mb").asDouble()).min()
                .orElse(-1);
    }
}
