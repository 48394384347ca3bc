package io.gmq.im.bench.gateway;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.gmq.im.bench.Generator;
import io.gmq.im.bench.Machine;
import io.gmq.im.bench.Report;
import io.gmq.servers.GmqRoot;

/**
 * {@code ./gmq bench gateway}: the MQTT path through the gateway interleaved with Mosquitto alone (each pair on a fresh
 * private broker), in-process module hops, and a module reload under QoS1 load; each run printed and appended to
 * bench-results/im.jsonl, then the median of the runs and the gateway/Mosquitto ratios.
 */
public final class GatewayBenchMain {

    public static void main(String[] args) throws Exception {
        if (java.util.Arrays.asList(args).contains("--help") || java.util.Arrays.asList(args).contains("-h")) {
            System.out.println(GatewayOptions.USAGE);
            return;
        }
        GatewayOptions options = null;
        try {
            options = GatewayOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(Generator::stop, "bench-shutdown"));
        GatewayBenchMain bench = new GatewayBenchMain(options, GmqRoot.path());
        for (String part : options.parts()) {
            switch (part) {
                case "mqtt" -> bench.mqtt();
                case "hops" -> bench.repeat("gateway-hops", Map.of(), (run, dir) -> HopRing.run(bench.options, dir));
                case "reload" -> bench.repeat("gateway-reload", Map.of("qos", "1"), bench::reload);
                default -> throw new IllegalStateException(part);
            }
        }
        bench.summary.forEach(System.out::println);
        System.out.println("\nresults appended to " + bench.results);
        System.exit(bench.failed == 0 ? 0 : 1);
    }

    @FunctionalInterface
    private interface Measurement {
        ObjectNode measure(String run, Path dir) throws Exception;
    }

    private final GatewayOptions options;
    private final Path root;
    private final Path results;
    private final Path work;
    private final List<String> summary = new ArrayList<>(List.of("", "== gateway bench: medians =="));
    private int failed;

    private GatewayBenchMain(GatewayOptions options, Path root) {
        this.options = options;
        this.root = root;
        this.results = root.resolve("bench-results/im.jsonl");
        this.work = root.resolve("im-bench/target/bench-gateway");
    }

    /** Per run and QoS, on fresh brokers: the peer and the gateway, their order alternating by run. */
    private void mqtt() throws Exception {
        for (String level : options.get("qos").split(",")) {
            int qos = Integer.parseInt(level.trim());
            String peer = options.get("peer");
            Map<String, List<JsonNode>> byStack = new LinkedHashMap<>();
            List<Double> pairRatios = new ArrayList<>();
            for (int run = 1; run <= options.runs(); run++) {
                double[] rates = new double[2];
                List<String> order = run % 2 == 1 ? List.of(peer, "gateway") : List.of("gateway", peer);
                try (Brokers brokers = Brokers.open(options, qos)) {
                    for (String stack : order) {
                        String id = runId();
                        Map<String, String> extra = Map.of("stack", stack, "qos", Integer.toString(qos));
                        ObjectNode figures = once("gateway-mqtt", id, run, extra, () -> stack.equals("relay")
                                ? MqttPath.viaRelay(options, brokers, id)
                                : stack.equals(peer) ? MqttPath.alone(options, brokers, id, qos)
                                        : MqttPath.viaGateway(options, brokers, id, qos, work.resolve(id),
                                                options.get("module").equals("registry") ? Overlays.relay("echo: ") : null,
                                                Map.of()));
                        if (figures != null) {
                            byStack.computeIfAbsent(stack, s -> new ArrayList<>()).add(figures);
                            rates[stack.equals("gateway") ? 0 : 1] = figures.path("msgs_per_s").asDouble();
                        }
                    }
                }
                if (rates[0] > 0 && rates[1] > 0) {
                    pairRatios.add(rates[0] / rates[1]);
                }
            }
            ObjectNode ratio = Report.JSON.createObjectNode();
            for (var entry : byStack.entrySet()) {
                ratio.set(entry.getKey(), median("gateway-mqtt", entry.getValue(),
                        Map.of("stack", entry.getKey(), "qos", Integer.toString(qos))));
            }
            double gateway = ratio.path("gateway").path("msgs_per_s").asDouble();
            double alone = ratio.path(peer).path("msgs_per_s").asDouble();
            ratio.put("ratio_of_medians", alone == 0 ? -1 : Math.round(1000 * gateway / alone) / 1000.0);
            ratio.put("ratio_pairwise_median", pairRatios.isEmpty() ? -1
                    : Report.median(pairRatios.stream().map(r -> (JsonNode) Report.JSON.getNodeFactory()
                            .numberNode(Math.round(r * 1000) / 1000.0)).toList()).asDouble());
            Report.append(results, Report.record("gateway-mqtt", "ratio of " + options.runs() + " runs",
                    params(Map.of("qos", Integer.toString(qos))), ratio, Report.JSON.createObjectNode(), root));
            summary.add(String.format("QoS%d: gateway %s msg/s (lost %s, dup %s, p50 %s ms, p99 %s ms), %s"
                    + " %s msg/s (lost %s); ratio %.3f (pairwise median %.3f)", qos, gateway,
                    ratio.path("gateway").path("lost"), ratio.path("gateway").path("duplicates"),
                    ratio.path("gateway").path("p50_ms"), ratio.path("gateway").path("p99_ms"),
                    switch (peer) {
                        case "bridge" -> "Mosquitto bridge (2 brokers)";
                        case "relay" -> "minimal relay (pause " + options.get("relay-pause-us") + " us)";
                        default -> "Mosquitto alone";
                    }, alone,
                    ratio.path(peer).path("lost"), ratio.path("ratio_of_medians").asDouble(),
                    ratio.path("ratio_pairwise_median").asDouble()));
        }
    }

    /** QoS1 at a steady rate through the overlay's echo module; the overlay is rewritten after half the messages. */
    private ObjectNode reload(String run, Path dir) throws Exception {
        java.nio.file.Files.createDirectories(dir);
        Path next = dir.resolve("modules-next.yaml");
        java.nio.file.Files.writeString(next, Overlays.relay("echo, reloaded: "));
        int count = options.number("reload-count");
        Map<String, String> extra = Map.of("rate", options.get("reload-rate"), "count", Integer.toString(count),
                "warmup", Integer.toString(options.number("reload-rate") * 2), "swap-from", next.toString(),
                "swap-to", dir.resolve("modules.yaml").toString(), "swap-at", Integer.toString(count / 2));
        try (Brokers brokers = Brokers.single(options)) {
            return MqttPath.viaGateway(options, brokers, run, 1, dir, Overlays.relay("echo: "), extra);
        }
    }

    private void repeat(String scenario, Map<String, String> extra, Measurement measurement) throws Exception {
        List<JsonNode> runs = new ArrayList<>();
        for (int run = 1; run <= options.runs(); run++) {
            String id = runId();
            ObjectNode figures = once(scenario, id, run, extra, () -> measurement.measure(id, work.resolve(id)));
            if (figures != null) {
                runs.add(figures);
            }
        }
        JsonNode median = median(scenario, runs, extra);
        summary.add(scenario + ": " + median);
    }

    @FunctionalInterface
    private interface Body {
        ObjectNode get() throws Exception;
    }

    /** One measurement: load before (and after), the figures printed and appended; null when it failed. */
    private ObjectNode once(String scenario, String id, int run, Map<String, String> extra, Body body)
            throws Exception {
        System.out.printf("%n>> %s run %d of %d (%s) %s%n", scenario, run, options.runs(), id, extra);
        double load = Machine.loadAverage();
        double busy = Machine.busyPercent(3000);
        try {
            ObjectNode figures = body.get();
            Map<String, String> recorded = params(extra);
            recorded.put("run", id);
            recorded.put("loadavg_1m_before", Double.toString(load));
            recorded.put("cpu_busy_pct_before", Double.toString(busy));
            recorded.put("loadavg_1m_after", Double.toString(Machine.loadAverage()));
            ObjectNode record = Report.record(scenario, "run", recorded, figures, Report.JSON.createObjectNode(), root);
            Report.print(record);
            Report.append(results, record);
            return figures;
        } catch (Exception e) {
            failed++;
            System.out.println("!! " + scenario + " run " + run + " failed: " + e);
            return null;
        }
    }

    private JsonNode median(String scenario, List<JsonNode> runs, Map<String, String> extra) throws Exception {
        if (runs.isEmpty()) {
            return Report.JSON.createObjectNode();
        }
        ObjectNode figures = (ObjectNode) Report.median(runs);
        ObjectNode record = Report.record(scenario, "median of " + runs.size(), params(extra), figures,
                Report.JSON.createObjectNode(), root);
        Report.print(record);
        Report.append(results, record);
        return figures;
    }

    private Map<String, String> params(Map<String, String> extra) {
        Map<String, String> params = new LinkedHashMap<>(options.params());
        params.putAll(extra);
        return params;
    }

    private static String runId() {
        byte[] id = new byte[3];
        ThreadLocalRandom.current().nextBytes(id);
        return "g" + HexFormat.of().formatHex(id);
    }
}
