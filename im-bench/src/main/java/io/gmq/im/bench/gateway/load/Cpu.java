package io.gmq.im.bench.gateway.load;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.gmq.im.bench.ProcStat;

/**
 * CPU of the processes in a measurement (the generator itself, the broker, the gateway) from the start of the measured
 * phase to its last progress: {@code <name>_cpu_pct}, % of one core.
 */
final class Cpu {

    private final Map<String, Long> pids = new LinkedHashMap<>();
    private final Map<String, Long> before = new LinkedHashMap<>();
    private final Map<String, Long> last = new LinkedHashMap<>();
    private long startNanos;
    private long lastNanos;

    /** {@code name:pid,name:pid}; the generator is always counted, as {@code generator}. */
    static Cpu of(String spec) {
        Cpu cpu = new Cpu();
        cpu.pids.put("generator", ProcStat.self());
        for (String entry : spec.split(",")) {
            if (!entry.isBlank()) {
                String[] parts = entry.split(":");
                cpu.pids.put(parts[0], Long.parseLong(parts[1]));
            }
        }
        return cpu;
    }

    void start() {
        pids.forEach((name, pid) -> before.put(name, ProcStat.cpuMicros(pid)));
        startNanos = System.nanoTime();
        sample();
    }

    void sample() {
        pids.forEach((name, pid) -> last.put(name, ProcStat.cpuMicros(pid)));
        lastNanos = System.nanoTime();
    }

    void put(ObjectNode figures) {
        double micros = (lastNanos - startNanos) / 1000.0;
        pids.keySet().forEach(name -> {
            long used = last.get(name) - before.get(name);
            figures.put(name + "_cpu_pct", micros <= 0 || before.get(name) < 0 ? -1
                    : Math.round(1000.0 * used / micros) / 10.0);
        });
    }
}
