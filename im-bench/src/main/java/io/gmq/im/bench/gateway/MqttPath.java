package io.gmq.im.bench.gateway;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.gmq.im.bench.Generator;
import io.gmq.im.bench.LogErrors;
import io.gmq.im.bench.Report;
import io.gmq.servers.GmqRoot;

/**
 * One measurement over MQTT: the generator JVM's publisher and subscriber on the run's private brokers, either the
 * peer (publisher and subscriber on {@code bench/out}: one broker, or two joined by a bridge) or through a gateway
 * started for it (publisher on {@code in} → edge → bus {@code debug/in} → echo → {@code debug/out} → edge →
 * {@code bench/out}).
 */
final class MqttPath {

    static final String LOAD_MAIN = "io.gmq.im.bench.gateway.load.MqttLoadMain";

    private MqttPath() {
    }

    /** Mosquitto alone: the same clients, counts and sizes, the broker forwarding directly. */
    static ObjectNode alone(GatewayOptions options, Brokers brokers, String run, int qos) throws Exception {
        Map<String, String> params = params(options, brokers, run, qos, "bench/out");
        params.put("pids", brokers.pids());
        return Generator.run(LOAD_MAIN, params, options.get("generator-jvm"), deadline(options));
    }

    /**
     * Through {@link io.gmq.im.bench.gateway.load.RelayMain} on the same broker (peer {@code relay}, QoS0): publisher
     * on {@code in} → relay → {@code bench/out}, the cheapest one-hop path the gateway's can be held against.
     */
    static ObjectNode viaRelay(GatewayOptions options, Brokers brokers, String run) throws Exception {
        List<String> command = new ArrayList<>(List.of(GmqRoot.javaExecutable(), "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), "io.gmq.im.bench.gateway.load.RelayMain", "host=127.0.0.1",
                "port=" + brokers.in().port(), "in-topic=in", "out-topic=bench/out", "client-id=" + run,
                "pause-us=" + options.get("relay-pause-us")));
        Process relay = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(relay.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            if (!"ready".equals(first)) {
                throw new IllegalStateException("the relay did not start: " + first);
            }
            Map<String, String> params = params(options, brokers, run, 0, "in");
            params.put("pids", brokers.pids() + ",relay:" + relay.pid());
            return Generator.run(LOAD_MAIN, params, options.get("generator-jvm"), deadline(options));
        } finally {
            relay.destroyForcibly().waitFor();
        }
    }

    /**
     * Through a gateway started for this run (stopped after); {@code overlay} non-null puts the echo module in the
     * overlay file instead of the debug channel, and {@code extra} adds generator parameters (rate, overlay swap).
     * The gateway log's ERROR lines go into the figures.
     */
    static ObjectNode viaGateway(GatewayOptions options, Brokers brokers, String run, int qos, Path dir,
            String overlay, Map<String, String> extra) throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MQTT_HOST", "127.0.0.1");
        env.put("MQTT_PORT", Integer.toString(brokers.in().port()));
        if (brokers.bridged()) {
            env.put("GMQ_MQTT_EDGE_OUT_PORT", Integer.toString(brokers.out().port()));
        }
        env.put("GMQ_MQTT_EDGE_ENABLED", "true");
        env.put("GMQ_MQTT_EDGE_QOS", Integer.toString(qos));
        env.put("GMQ_MQTT_EDGE_TOPICS", "in");
        // GMQ_MQTT_EDGE_BUS_PREFIX="" fails the gateway's start (an empty value is no value): "debug/" + "in" instead.
        env.put("GMQ_MQTT_EDGE_BUS_PREFIX", "debug/");
        env.put("GMQ_MQTT_EDGE_FORWARD", "debug/out");
        env.put("GMQ_MQTT_EDGE_STRIP_PREFIX", "debug/");
        env.put("GMQ_MQTT_EDGE_MQTT_PREFIX", "bench/");
        env.put("GMQ_MQTT_EDGE_CLIENT_ID", run);
        env.put("GMQ_MQTT_EDGE_INFLIGHT", options.get("edge-inflight"));
        for (String pair : options.get("gateway-env").split(",")) {
            if (pair.contains("=")) {
                env.put(pair.substring(0, pair.indexOf('=')).trim(), pair.substring(pair.indexOf('=') + 1).trim());
            }
        }
        if (overlay != null) {
            Files.createDirectories(dir);
            Path file = dir.resolve("modules.yaml");
            Files.writeString(file, overlay);
            env.put("GMQ_MODULES_FILE", file.toString());
            env.put("GMQ_DEBUG_MODULE_ENABLED", "false");
        }
        try (GatewayProcess gateway = new GatewayProcess(dir, env, options.get("gateway-jvm"))) {
            Map<String, String> params = params(options, brokers, run, qos, "in");
            params.put("pids", brokers.pids() + ",gateway:" + gateway.pid());
            params.put("management", gateway.managementUrl());
            params.putAll(extra);
            ObjectNode figures = Generator.run(LOAD_MAIN, params, options.get("generator-jvm"), deadline(options));
            if (overlay != null) {
                for (var module : Report.JSON.readTree(gateway.modules())) {
                    if (module.path("name").asText().equals("relay")) {
                        figures.put("module_restarts", module.path("restarts").asLong());
                    }
                }
            }
            figures.set("gateway_log_errors", LogErrors.scan(Map.of("gateway", gateway.log()), Report.JSON)
                    .path("counts").path("gateway"));
            return figures;
        }
    }

    private static Map<String, String> params(GatewayOptions options, Brokers brokers, String run, int qos,
            String publishTo) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("host", "127.0.0.1");
        params.put("port", Integer.toString(brokers.in().port()));
        params.put("sub-port", Integer.toString(brokers.out().port()));
        params.put("qos", Integer.toString(qos));
        for (String key : new String[] { "count", "size", "warmup", "window", "idle-seconds", "rate" }) {
            params.put(key, options.get(key));
        }
        params.put("run", run);
        params.put("pub-topic", publishTo);
        params.put("sub-topic", "bench/out");
        return params;
    }

    private static long deadline(GatewayOptions options) {
        long messages = Long.parseLong(options.get("count")) + Long.parseLong(options.get("warmup"));
        return 180 + 6L * options.number("idle-seconds") + messages / 200;
    }
}
