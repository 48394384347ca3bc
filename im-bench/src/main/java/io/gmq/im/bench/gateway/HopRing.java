package io.gmq.im.bench.gateway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.gmq.im.bench.ProcStat;
import io.gmq.im.bench.Report;

/**
 * In-process module hops per second: a gateway whose overlay declares a ring of echo modules, fed {@code hop-inflight}
 * messages over HTTP that then circulate for ever; the handled counters of the admin API, sampled after a warm-up and
 * again after the measured window, give hops/s, and the gateway's CPU over the same window gives µs per hop.
 */
final class HopRing {

    private HopRing() {
    }

    static ObjectNode run(GatewayOptions options, Path dir) throws Exception {
        int hops = options.number("hops");
        int inflight = options.number("hop-inflight");
        Path overlay = dir.resolve("modules.yaml");
        Files.createDirectories(dir);
        // Each queue can hold every circulating message: a full ring of blocked publishers cannot happen.
        Files.writeString(overlay, Overlays.ring(hops, Math.max(1024, inflight * 2)));
        try (GatewayProcess gateway = new GatewayProcess(dir, Map.of("GMQ_MODULES_FILE", overlay.toString(),
                "GMQ_DEBUG_MODULE_ENABLED", "false"), options.get("gateway-jvm"))) {
            awaitRunning(gateway, hops);
            for (int i = 0; i < inflight; i++) {
                if (!gateway.publish("ring/0", "m" + i)) {
                    throw new IllegalStateException("publish to ring/0 not taken: see " + gateway.log());
                }
            }
            Thread.sleep(options.number("hop-warmup-seconds") * 1000L);
            long[] before = counters(gateway);
            long cpuBefore = ProcStat.cpuMicros(gateway.pid());
            long start = System.nanoTime();
            Thread.sleep(options.number("hop-seconds") * 1000L);
            long[] after = counters(gateway);
            long cpuAfter = ProcStat.cpuMicros(gateway.pid());
            double seconds = (System.nanoTime() - start) / 1e9;
            long handled = after[0] - before[0];
            ObjectNode figures = Report.JSON.createObjectNode();
            figures.put("hops_per_s", Math.round(handled / seconds));
            figures.put("hops_measured", handled);
            figures.put("gateway_cpu_pct", Math.round(1000.0 * (cpuAfter - cpuBefore) / (seconds * 1e6)) / 10.0);
            figures.put("gateway_us_per_hop", handled == 0 ? -1
                    : Math.round(10.0 * (cpuAfter - cpuBefore) / handled) / 10.0);
            figures.put("failed_dropped_rejected", after[1]);
            figures.put("queued_at_end", after[2]);
            return figures;
        }
    }

    private static void awaitRunning(GatewayProcess gateway, int hops) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            long running = 0;
            for (JsonNode module : Report.JSON.readTree(gateway.modules())) {
                running += module.path("state").asText().equals("RUNNING") ? 1 : 0;
            }
            if (running >= hops) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(running + " of " + hops + " ring modules running: see " + gateway.log());
            }
            Thread.sleep(200);
        }
    }

    /** {handled, failed + dropped + rejected, queue depth} summed over the ring's modules. */
    private static long[] counters(GatewayProcess gateway) throws Exception {
        long[] sums = new long[3];
        for (JsonNode module : Report.JSON.readTree(gateway.modules())) {
            if (module.path("name").asText().startsWith("hop")) {
                sums[0] += module.path("handled").asLong();
                sums[1] += module.path("failed").asLong() + module.path("dropped").asLong()
                        + module.path("rejected").asLong();
                sums[2] += module.path("queueDepth").asLong();
            }
        }
        return sums;
    }
}
