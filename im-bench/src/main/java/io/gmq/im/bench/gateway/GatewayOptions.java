package io.gmq.im.bench.gateway;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of {@code ./gmq bench gateway [mqtt|hops|reload]... [--option value]...}: which parts, how many
 * runs, and every parameter (defaults overridden by the options given).
 */
record GatewayOptions(List<String> parts, int runs, Map<String, String> params) {

    static final List<String> PARTS = List.of("mqtt", "hops", "reload");

    private static final Map<String, String> DEFAULTS = defaults();

    static final String USAGE = """
            usage: ./gmq bench gateway [mqtt|hops|reload]... [options]     (all three by default)
              --runs N              runs of each part; each figure is the median of the runs (3)
            mqtt: publisher -> private Mosquitto -> gateway MQTT edge -> echo -> edge -> Mosquitto -> subscriber,
                  interleaved with Mosquitto alone (publisher -> Mosquitto -> subscriber)
              --qos 0,1             QoS levels measured (both)
              --count N             measured messages per run (100000)      --size N  payload bytes (100)
              --warmup N            messages sent and awaited before the measured ones (300000:
                                    the gateway JVM compiles its hot path for ~15 s; a gateway runs for days)
              --window N            QoS1: PUBLISHes the publisher keeps unacknowledged (100)
              --rate N              msg/s the publisher keeps to, warm-up included; 0: as fast as it can (0).
                                    Below saturation, gateway_cpu_pct / rate is the gateway's CPU per message
              --edge-inflight N     the gateway's outbound QoS1 window, GMQ_MQTT_EDGE_INFLIGHT (100)
              --broker-inflight N   Mosquitto's max_inflight_messages: its QoS1 window towards each subscriber,
                                    the gateway's inbound client included (20, Mosquitto's default)
              --module M            channel: the built-in debug echo channel; registry: an echo module declared in
                                    the overlay file (channel)
              --peer P              mosquitto: one broker, Mosquitto alone against the gateway on it (both legs on
                                    one broker); bridge: two brokers, a Mosquitto bridge from the first to the
                                    second against the gateway reading the first and writing the second; relay
                                    (QoS0): one broker, a minimal relay process (bench's RelayMain) against the
                                    gateway, both republishing in → bench/out
              --relay-pause-us N    the relay's sleep after a small read, as the gateway's read pause (100; 0: none)
              --idle-seconds N      a run ends when all arrived or nothing arrived for this long (15)
            hops: a ring of echo modules inside one gateway, fed over HTTP, counted through the admin API
              --hops N              modules in the ring (10)     --hop-inflight N  messages circulating (1000)
              --hop-warmup-seconds N (10)                        --hop-seconds N   measured window (10)
            reload: QoS1 over MQTT through an overlay echo module at a steady rate; the overlay is rewritten halfway
              --reload-rate N       msg/s (2000)                 --reload-count N  measured messages (40000)
            JVMs: --gateway-jvm "opts" (-Xmx512m)   --generator-jvm "opts" (-Xmx512m)
              --gateway-env "K=V,K=V"  more environment for the gateway (e.g. GMQ_MQTT_EDGE_INBOUND_BUFFER=5000)
            """;

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("qos", "0,1");
        d.put("count", "100000");
        d.put("size", "100");
        d.put("warmup", "300000");
        d.put("window", "100");
        d.put("rate", "0");
        d.put("edge-inflight", "100");
        d.put("broker-inflight", "20");
        d.put("module", "channel");
        d.put("peer", "mosquitto");
        d.put("relay-pause-us", "100");
        d.put("idle-seconds", "15");
        d.put("hops", "10");
        d.put("hop-inflight", "1000");
        d.put("hop-warmup-seconds", "10");
        d.put("hop-seconds", "10");
        d.put("reload-rate", "2000");
        d.put("reload-count", "40000");
        d.put("gateway-jvm", "-Xmx512m");
        d.put("gateway-env", "");
        d.put("generator-jvm", "-Xmx512m");
        return d;
    }

    static GatewayOptions parse(String[] args) {
        List<String> parts = new ArrayList<>();
        Map<String, String> params = new LinkedHashMap<>(DEFAULTS);
        int runs = 3;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (PARTS.contains(arg)) {
                parts.add(arg);
            } else if (arg.equals("--runs") && i + 1 < args.length) {
                runs = Integer.parseInt(args[++i]);
            } else if (arg.startsWith("--") && DEFAULTS.containsKey(arg.substring(2)) && i + 1 < args.length) {
                params.put(arg.substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("unknown argument '" + arg + "'\n" + USAGE);
            }
        }
        if (!List.of("channel", "registry").contains(params.get("module"))) {
            throw new IllegalArgumentException("--module: channel or registry\n" + USAGE);
        }
        if (!List.of("mosquitto", "bridge", "relay").contains(params.get("peer"))) {
            throw new IllegalArgumentException("--peer: mosquitto, bridge or relay\n" + USAGE);
        }
        if (params.get("peer").equals("relay") && !params.get("qos").equals("0")) {
            throw new IllegalArgumentException("--peer relay: QoS0 only (--qos 0)\n" + USAGE);
        }
        return new GatewayOptions(parts.isEmpty() ? PARTS : parts, Math.max(1, runs), params);
    }

    String get(String key) {
        return params.get(key);
    }

    int number(String key) {
        return Integer.parseInt(params.get(key));
    }
}
