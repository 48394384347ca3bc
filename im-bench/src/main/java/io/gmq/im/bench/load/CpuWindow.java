package io.gmq.im.bench.load;

import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.gmq.im.bench.ProcStat;

/**
 * A measurement window over the server processes and the generator itself: CPU time of each (from /proc) between
 * {@link #start()} and {@link #end}, as % of one core and, for the comet, µs per delivery; and the comet's RSS.
 */
final class CpuWindow {

    private final Map<String, Long> pids;
    private final long[] before;
    private long startedAt;

    /** {@code pids}: comet, logic, push (0 when unknown); the generator is added as "generator". */
    CpuWindow(Map<String, Long> pids) {
        this.pids = pids;
        this.before = new long[pids.size() + 1];
    }

    CpuWindow start() {
        startedAt = System.nanoTime();
        int i = 0;
        for (long pid : pids.values()) {
            before[i++] = ProcStat.cpuMicros(pid);
        }
        before[i] = ProcStat.cpuMicros(ProcStat.self());
        return this;
    }

    /**
     * Writes {@code <name>_cpu_pct} for each process, {@code <name>_us_per_<unit>} (CPU µs per delivery, per
     * connection…, when {@code count} > 0) and the comet's RSS.
     */
    void end(ObjectNode figures, long count, String unit) {
        double wallMicros = (System.nanoTime() - startedAt) / 1000.0;
        int i = 0;
        for (Map.Entry<String, Long> process : pids.entrySet()) {
            long cpu = delta(before[i++], ProcStat.cpuMicros(process.getValue()));
            if (cpu >= 0) {
                figures.put(process.getKey() + "_cpu_pct", round(cpu * 100.0 / wallMicros));
                if (count > 0) {
                    figures.put(process.getKey() + "_us_per_" + unit, round((double) cpu / count));
                }
            }
        }
        long self = delta(before[i], ProcStat.cpuMicros(ProcStat.self()));
        figures.put("generator_cpu_pct", round(self * 100.0 / wallMicros));
        long rss = ProcStat.rssBytes(pids.getOrDefault("comet", 0L));
        if (rss > 0) {
            figures.put("comet_rss_mb", round(rss / 1048576.0));
        }
    }

    private static long delta(long before, long after) {
        return before < 0 || after < 0 ? -1 : after - before;
    }

    static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
