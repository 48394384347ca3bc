package io.gmq.im.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.gmq.servers.Endpoint;
import io.gmq.servers.ManagedServer;
import io.gmq.servers.PostgresServer;
import io.gmq.servers.ServerKind;
import io.gmq.servers.SharedServers;

/**
 * The stack the bench starts itself: the real servers through {@link SharedServers} (reused when listening, started
 * otherwise, for the whole bench; PostgreSQL database {@code gmq_bench}), and per run logic, push and one comet from
 * their packaged jars, with a fresh topic, consumer group and Mongo database, random secrets and free ports.
 */
final class LocalStack implements Stack {

    private static final List<String> SERVICES = List.of("logic", "push", "comet");
    private static final String DATABASE = "gmq_bench";
    private static final HexFormat HEX = HexFormat.of();
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Path work;
    /** Service → its JVM options. */
    private final Map<String, String> jvms;
    private final Map<ServerKind, ManagedServer> servers = new EnumMap<>(ServerKind.class);
    private final Map<String, String> serverEnv = new HashMap<>();
    private Tiers tiers;
    private String jwtSecret;
    private String adminPassword;

    LocalStack(Path work, Map<String, String> jvms) {
        this.work = work;
        this.jvms = jvms;
        for (ServerKind kind : new ServerKind[] { ServerKind.KAFKA, ServerKind.REDIS, ServerKind.MONGODB,
                ServerKind.POSTGRESQL }) {
            ManagedServer server = SharedServers.acquire(kind, kind.configuredEndpoint());
            servers.put(kind, server);
            serverEnv.putAll(kind.clientVariables(server.endpoint(), System::getenv));
        }
        // A database of the bench's own: tests of other checkouts on the same server reset the admin of "gmq".
        Endpoint postgres = servers.get(ServerKind.POSTGRESQL).endpoint();
        new PostgresServer(postgres, DATABASE, env("POSTGRES_USER", "postgres"), env("POSTGRES_PASSWORD", "")).ensure();
        serverEnv.put("POSTGRES_URL", "jdbc:postgresql://" + postgres + "/" + DATABASE);
    }

    @Override
    public synchronized void startRun(String run) throws Exception {
        Path dir = Files.createDirectories(work.resolve(run));
        jwtSecret = random(32);
        adminPassword = random(12);
        tiers = new Tiers(SERVICES);
        Map<String, String> env = new HashMap<>(serverEnv);
        env.put("IM_INTERNAL_SECRET", random(32));
        env.put("IM_JWT_SECRET", jwtSecret);
        env.put("IM_ADMIN_PASSWORD", adminPassword);
        env.put("IM_MESSAGES_TOPIC", "im-bench-" + run);
        env.put("IM_PUSH_CONSUMER_GROUP", "im-bench-" + run);
        env.put("MONGODB_DATABASE", "im_bench_" + run);
        env.put("LOGIC_PORT", Integer.toString(tiers.port("logic")));
        env.put("PUSH_PORT", Integer.toString(tiers.port("push")));
        env.put("COMET_NODE_ID", "comet-" + run);
        // Logic and push start side by side; the comet registers with both, so it starts once they are ready.
        tiers.start("logic", env, dir, jvms.get("logic"));
        tiers.start("push", env, dir, jvms.get("push"));
        tiers.awaitReady(List.of("logic", "push"));
        tiers.start("comet", env, dir, jvms.get("comet"));
        tiers.awaitReady(List.of("comet"));
    }

    @Override
    public synchronized void endRun() {
        if (tiers != null) {
            tiers.stop();
        }
        // The MongoDB stand-in keeps everything in its heap: three peer runs in a row (about 100,000 inbox copies
        // each) left it collecting garbage instead of answering. One it started is started afresh for each run.
        ManagedServer mongo = servers.get(ServerKind.MONGODB);
        if (mongo != null && mongo.startedHere()) {
            mongo.stop();
            mongo.ensure();
        }
    }

    @Override
    public URI comet() {
        return URI.create("ws://127.0.0.1:" + tiers.port("comet") + "/ws");
    }

    @Override
    public URI logic() {
        return URI.create("http://127.0.0.1:" + tiers.port("logic"));
    }

    @Override
    public String jwtSecret() {
        return jwtSecret;
    }

    @Override
    public String adminPassword() {
        return adminPassword;
    }

    @Override
    public synchronized Map<String, Long> pids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (String service : List.of("comet", "logic", "push")) {
            pids.put(service, tiers == null ? 0 : tiers.pid(service));
        }
        return pids;
    }

    @Override
    public synchronized Map<String, Path> logs() {
        return tiers == null ? Map.of() : tiers.logs();
    }

    @Override
    public synchronized void close() {
        endRun();
        servers.forEach(SharedServers::release);
        servers.clear();
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return HEX.formatHex(value);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
