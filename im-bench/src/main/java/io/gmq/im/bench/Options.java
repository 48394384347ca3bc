package io.gmq.im.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of {@code ./gmq bench [scenario] [--option value]...}: which scenarios, how many runs, whether the
 * stack is external or the peer, and each scenario's parameters (its defaults, overridden by the options given).
 */
record Options(List<String> scenarios, int runs, boolean external, String peer, Map<String, String> overrides) {

    /** The scenarios the peer runs: {@code peer} needs persisted 1:1 messages, which it does not have. */
    static final List<String> PEER_SCENARIOS = List.of("connect", "room", "rooms", "idle");

    static final List<String> SCENARIOS = List.of("connect", "room", "rooms", "idle", "peer");

    /** Scenarios run only when named: not part of {@code all}. */
    static final List<String> NAMED_ONLY = List.of("soak");

    private static final Map<String, String> COMMON = Map.of("concurrency", "100", "timeout-seconds", "300",
            "join-timeout-seconds", "300", "p99-limit-ms", "100", "event-loops", "2", "warmup-seconds", "5",
            "drain-seconds", "10", "retries", "3", "stop-above-p99", "false");

    private static final Map<String, Map<String, String>> DEFAULTS = Map.of(
            "connect", Map.of("clients", "2000", "retries", "0"),
            "room", Map.of("rooms", "1", "members", "2000", "rates", "2,5,10,20,40", "step-seconds", "15",
                    "stop-above-p99", "true"),
            "rooms", Map.of("rooms", "100", "members", "50", "rates", "2", "step-seconds", "30"),
            "idle", Map.of("clients", "19500", "hold-seconds", "60", "cpu-seconds", "30", "timeout-seconds", "900"),
            "peer", Map.of("users", "200", "rates", "1000,2000", "step-seconds", "20"),
            // Half of what rooms and peer hold by default: 5k room deliveries/s (50 × 50 at 2 msg/s) + 500 peer msg/s.
            "soak", Map.of("rooms", "50", "members", "50", "room-rate", "2", "users", "200", "peer-rate", "500",
                    "minutes", "30", "sample-seconds", "60", "warmup-minutes", "5"));

    static final String USAGE = """
            usage: ./gmq bench [connect|room|rooms|idle|peer|all|soak] [options]   (--name value or --name=value)
              --runs N              repeat each scenario N times and print the median of each figure (1)
              --external            use a running stack: IM_JWT_SECRET, IM_ADMIN_PASSWORD, IM_COMET_URL
                                    (ws://127.0.0.1:8081/ws), IM_LOGIC_URL (http://127.0.0.1:8082), IM_PUSH_URL;
                                    pids from IM_COMET_PID/IM_LOGIC_PID/IM_PUSH_PID or found by port
              --peer vertx          drive the peer instead of GMQ: a plain Vert.x room broadcaster in one JVM
                                    (no auth, no persistence, no Kafka; connect, room, rooms, idle only)
              --peer-event-loops N  the peer's event loops (2)
              --clients N           connect: 2000; idle: 19500
              --receivers N         room: members of the room, the sender among them (2000); alias --members
              --rooms N             rooms: 100 (room: 1)            --members N   rooms: 50 per room
              --users N             peer: 200 users in pairs
              --rates a,b,...       room/rooms: msg/s per sender (2,5,10,20,40 / 2); peer: total msg/s (1000,2000)
              --step-seconds N      room 15, rooms 30, peer 20       --warmup-seconds N (5)   --drain-seconds N (10)
                                    (connect warms up with rounds of the same connects, closed again)
              --p99-limit-ms N      best step's limit (100)           --concurrency N connects/joins in flight (100)
              --stop-above-p99 B    stop after a step above the limit (room: true, others: false)
              --hold-seconds N      idle: 60                          --cpu-seconds N  idle CPU window (30)
              --retries N           retries of a connect closed with 4000-4499 or a join refused with 1009 (3;
                                    connect: 0, so its failures are first attempts)
              --event-loops N       generator event loops (2)
            soak (not part of all): rooms with a sender each and peer pairs acking their inbox, held steady
              --minutes N           how long (30)                     --sample-seconds N  one sample per interval (60)
              --warmup-minutes N    samples before this are shown but not judged (5)
              --rooms N --members N rooms: 50 × 50                    --room-rate R  msg/s per room sender (2)
              --users N             peer users in pairs (200)         --peer-rate R  total peer msg/s (500)
              --comet-jvm "opts"    comet (and peer) JVM options (-Xmx512m -XX:+ExitOnOutOfMemoryError)
              --logic-jvm "opts"    logic JVM options (-Xmx512m); --push-jvm "opts" the same for push
              --generator-jvm "opts" generator JVM options (-Xmx1g --sun-misc-unsafe-memory-access=allow)
            """;

    static Options parse(String[] args) {
        List<String> scenarios = new ArrayList<>();
        Map<String, String> overrides = new LinkedHashMap<>();
        int runs = 1;
        boolean external = false;
        String peer = null;
        boolean askedPeer = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("all")) {
                scenarios.addAll(SCENARIOS);
            } else if (SCENARIOS.contains(arg) || NAMED_ONLY.contains(arg)) {
                scenarios.add(arg);
                askedPeer |= arg.equals("peer") || arg.equals("soak");
            } else if (arg.equals("--external")) {
                external = true;
            } else if (arg.equals("--peer") && i + 1 < args.length) {
                peer = args[++i];
                if (!peer.equals("vertx")) {
                    throw new IllegalArgumentException("--peer: only 'vertx' is built, not '" + peer + "'\n" + USAGE);
                }
            } else if (arg.startsWith("--") && (arg.contains("=") || i + 1 < args.length)) {
                int eq = arg.indexOf('=');
                String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
                String key = name.equals("receivers") ? "members" : name;
                String value = eq < 0 ? args[++i] : arg.substring(eq + 1);
                if (key.equals("runs")) {
                    runs = Integer.parseInt(value);
                } else {
                    overrides.put(key, value);
                }
            } else {
                throw new IllegalArgumentException("unknown argument '" + arg + "'\n" + USAGE);
            }
        }
        if (scenarios.isEmpty()) {
            scenarios.addAll(SCENARIOS);
        }
        if (peer != null) {
            if (external) {
                throw new IllegalArgumentException("--peer and --external exclude each other");
            }
            if (askedPeer) {
                throw new IllegalArgumentException("peer and soak need GMQ's persisted 1:1 messages, which --peer "
                        + peer + " does not have: it runs " + String.join(", ", PEER_SCENARIOS));
            }
            if (scenarios.remove("peer")) {
                System.out.println("--peer " + peer + ": skipping the peer scenario (no persisted 1:1 messages)");
            }
        }
        return new Options(scenarios, Math.max(1, runs), external, peer, overrides);
    }

    /** The generator parameters of one scenario: common defaults, the scenario's, then the options given. */
    Map<String, String> params(String scenario) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("scenario", scenario);
        params.putAll(COMMON);
        params.putAll(DEFAULTS.get(scenario));
        overrides.forEach((key, value) -> {
            if (!key.endsWith("-jvm")) {
                params.put(key, value);
            }
        });
        return params;
    }

    /** What the runs drive, as recorded in the results' params: local, external or peer-vertx. */
    String stack() {
        return peer != null ? "peer-" + peer : external ? "external" : "local";
    }

    String jvm(String which, String fallback) {
        return overrides.getOrDefault(which + "-jvm", fallback);
    }
}
