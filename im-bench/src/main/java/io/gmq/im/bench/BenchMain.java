package io.gmq.im.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.gmq.servers.GmqRoot;

/**
 * {@code ./gmq bench}: for each scenario and run, readies the stack (fresh tiers unless external, or the peer with
 * {@code --peer}), creates the run's rooms and users as admin, runs the load generator, counts the services' ERROR
 * lines, prints the figures and appends them to bench-results/im.jsonl; with several runs, also their median. Ctrl-C
 * stops all it started.
 */
public final class BenchMain {

    private static volatile Stack stack;

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        if (java.util.Arrays.asList(args).contains("--help") || java.util.Arrays.asList(args).contains("-h")) {
            System.out.println(Options.USAGE);
            return;
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Path root = GmqRoot.path();
        Path results = root.resolve("bench-results/im.jsonl");
        Runtime.getRuntime().addShutdownHook(new Thread(BenchMain::stopAll, "bench-shutdown"));
        int failed = 0;
        try {
            String cometJvm = options.jvm("comet", "-Xmx512m -XX:+ExitOnOutOfMemoryError");
            Path work = root.resolve("im-bench/target/bench");
            stack = options.peer() != null ? new PeerStack(work, cometJvm, peerEventLoops(options))
                    : options.external() ? new ExternalStack()
                            : new LocalStack(work, Map.of("comet", cometJvm, "logic",
                                    options.jvm("logic", "-Xmx512m"), "push", options.jvm("push", "-Xmx512m")));
            for (String scenario : options.scenarios()) {
                List<JsonNode> runs = new ArrayList<>();
                Map<String, String> params = options.params(scenario);
                for (int run = 1; run <= options.runs(); run++) {
                    System.out.printf("%n>> %s on %s, run %d of %d: %s%n", scenario, options.stack(), run,
                            options.runs(), params);

                    try {
                        ObjectNode record = runOnce(scenario, params, options, root);
                        Report.print(record);
                        if (record.has("verdict") && !SoakReport.print(record)) {
                            failed++;
                        }
                        Report.append(results, record);
                        runs.add(record.get("figures"));
                    } catch (Exception e) {
                        failed++;
                        System.out.println("!! " + scenario + " run " + run + " failed: " + e);
                    }
                }
                if (runs.size() > 1) {
                    Map<String, String> recorded = new LinkedHashMap<>(params);
                    recorded.put("stack", options.stack());
                    ObjectNode median = Report.record(scenario, "median of " + runs.size(), recorded,
                            (ObjectNode) Report.median(runs), Report.JSON.createObjectNode(), root);
                    Report.print(median);
                    Report.append(results, median);
                }
            }
        } finally {
            stopAll();
        }
        System.out.println("\nresults appended to " + results);
        System.exit(failed == 0 ? 0 : 1);
    }

    private static ObjectNode runOnce(String scenario, Map<String, String> params, Options options, Path root)
            throws Exception {
        byte[] id = new byte[3];
        ThreadLocalRandom.current().nextBytes(id);
        String run = "b" + HexFormat.of().formatHex(id);
        double load = Machine.loadAverage();
        double busy = Machine.busyPercent(3000);
        if (busy > 20) {
            System.out.printf("warning: the CPUs were %.0f %% busy before the run (load average %.2f): other work, or a"
                    + " server the bench just started, competes with it%n", busy, load);
        }
        Stack current = stack;
        try {
            current.startRun(run);
            setUp(scenario, params, run, current);
            Map<String, String> generator = new LinkedHashMap<>(params);
            generator.put("prefix", run);
            generator.put("host", current.comet().getHost());
            generator.put("port", Integer.toString(current.comet().getPort()));
            generator.put("jwt-secret", current.jwtSecret());
            current.pids().forEach((service, pid) -> generator.put(service + "-pid", pid.toString()));
            String generatorJvm = options.jvm("generator", "-Xmx1g --sun-misc-unsafe-memory-access=allow");
            if (scenario.equals("soak")) {
                Path runDir = Files.createDirectories(root.resolve("im-bench/target/bench").resolve(run));
                generatorJvm = Soak.prepare(generator, current.logs(), runDir, generatorJvm);
            }
            ObjectNode figures = Generator.run(generator, generatorJvm, deadline(params));
            Map<String, String> recorded = new LinkedHashMap<>(params);
            recorded.put("run", run);
            recorded.put("loadavg_1m_before", Double.toString(load));
            recorded.put("cpu_busy_pct_before", Double.toString(busy));
            recorded.put("stack", options.stack());
            recorded.put("comet_jvm", options.jvm("comet", "-Xmx512m -XX:+ExitOnOutOfMemoryError"));
            if (options.peer() != null) {
                recorded.put("peer-event-loops", Integer.toString(peerEventLoops(options)));
            }
            ObjectNode record = Report.record(scenario, "run", recorded, figures,
                    LogErrors.scan(current.logs(), Report.JSON), root);
            if (scenario.equals("soak")) {
                Soak.judge(record);
            }
            return record;
        } finally {
            current.endRun();
        }
    }

    /**
     * Rooms ({@code <run>-r<i>}) and, for peer, users ({@code <run>-p<i>}) the generator's clients use; nothing when
     * the stack has no logic (the peer creates a room on its first join).
     */
    private static void setUp(String scenario, Map<String, String> params, String run, Stack current) throws Exception {
        if (current.logic() == null) {
            return;
        }
        AdminApi admin = new AdminApi(current.logic(), current.adminPassword());
        if (params.containsKey("rooms")) {
            int rooms = Integer.parseInt(params.get("rooms"));
            admin.createRooms(IntStream.range(0, rooms).mapToObj(i -> run + "-r" + i).toList());
            System.out.println("created " + rooms + " rooms");
        }
        if (params.containsKey("users")) {
            int users = Integer.parseInt(params.get("users"));
            admin.createUsers(IntStream.range(0, users).mapToObj(i -> run + "-p" + i).toList(), run + "-password");
            System.out.println("created " + users + " users");
        }
    }

    private static int peerEventLoops(Options options) {
        return Integer.parseInt(options.overrides().getOrDefault("peer-event-loops", "2"));
    }

    /** An upper bound of the generator's run time from its parameters. */
    private static long deadline(Map<String, String> params) {
        long seconds = 120 + Long.parseLong(params.get("timeout-seconds"));
        long step = Long.parseLong(params.getOrDefault("step-seconds", "0"))
                + Long.parseLong(params.get("drain-seconds")) + 15;
        if (params.containsKey("rates")) {
            seconds += Long.parseLong(params.get("join-timeout-seconds")) + step * (params.get("rates").split(",").length + 1);
        }
        if (params.containsKey("minutes")) {
            // soak: a second connect (peer users after the rooms' members), the joins, and each interval's drain
            long intervals = Long.parseLong(params.get("minutes")) * 60 / Long.parseLong(params.get("sample-seconds"));
            seconds += Long.parseLong(params.get("timeout-seconds")) + Long.parseLong(params.get("join-timeout-seconds"))
                    + Long.parseLong(params.get("minutes")) * 60
                    + intervals * (Long.parseLong(params.get("drain-seconds")) + 15);
        }
        return seconds + Long.parseLong(params.getOrDefault("hold-seconds", "0"));
    }

    private static synchronized void stopAll() {
        Generator.stop();
        Stack current = stack;
        stack = null;
        if (current != null) {
            current.close();
        }
    }
}
