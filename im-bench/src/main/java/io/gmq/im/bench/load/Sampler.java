package io.gmq.im.bench.load;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.gmq.im.bench.ProcStat;

/**
 * The soak's per-interval look at each process (the tiers and the generator itself): RSS, threads and open file
 * descriptors from /proc now, and the heap after the interval's collections from the process's GC log.
 */
final class Sampler {

    private final Map<String, Long> pids = new LinkedHashMap<>();
    private final Map<String, GcLog> gcLogs = new LinkedHashMap<>();
    /** Per process, the last after-GC size seen: an interval without a collection still has the heap it left. */
    private final Map<String, Double> lastAfter = new LinkedHashMap<>();

    /** {@code tiers}: name → pid (0 when unknown); {@code gcFiles}: name → GC log, for the tiers and "generator". */
    Sampler(Map<String, Long> tiers, Map<String, Path> gcFiles) {
        pids.putAll(tiers);
        pids.put("generator", ProcStat.self());
        gcFiles.forEach((name, file) -> gcLogs.put(name, new GcLog(file)));
    }

    /** {@code {name: {rss_mb, threads, fds, gcs, heap_min_mb, heap_last_mb}}}; figures not known are left out. */
    ObjectNode sample() {
        ObjectNode procs = Load.JSON.createObjectNode();
        pids.forEach((name, pid) -> {
            ObjectNode proc = procs.putObject(name);
            long rss = ProcStat.rssBytes(pid);
            if (rss >= 0) {
                proc.put("rss_mb", CpuWindow.round(rss / 1048576.0));
            }
            putKnown(proc, "threads", ProcStat.threads(pid));
            putKnown(proc, "fds", ProcStat.openFds(pid));
            GcLog log = gcLogs.get(name);
            if (log != null) {
                GcLog.Interval gcs = log.read();
                proc.put("gcs", gcs.collections());
                if (gcs.collections() > 0) {
                    lastAfter.put(name, gcs.lastAfterMb());
                    proc.put("heap_min_mb", CpuWindow.round(gcs.lowestAfterMb()));
                } else if (lastAfter.containsKey(name)) {
                    proc.put("heap_min_mb", CpuWindow.round(lastAfter.get(name)));
                }
                if (lastAfter.containsKey(name)) {
                    proc.put("heap_last_mb", CpuWindow.round(lastAfter.get(name)));
                }
            }
        });
        return procs;
    }

    private static void putKnown(ObjectNode proc, String name, long value) {
        if (value >= 0) {
            proc.put(name, value);
        }
    }
}
