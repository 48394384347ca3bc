package io.gmq.im.bench.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.gmq.servers.Endpoint;
import io.gmq.servers.GmqRoot;
import io.gmq.servers.KafkaServer;
import io.gmq.servers.ManagedServer;
import io.gmq.servers.MongoServer;
import io.gmq.servers.Ports;
import io.gmq.servers.PostgresServer;
import io.gmq.servers.RedisServer;
import io.gmq.servers.Restartable;
import io.gmq.servers.ServerKind;

/**
 * The stack the fault matrix breaks: private Kafka, Redis, MongoDB-compatible server and PostgreSQL cluster on free
 * ports (started and stopped here, never the shared ones), and logic, push and two comets as child processes that can
 * be killed, frozen and restarted.
 */
final class FaultStack implements AutoCloseable {

    static final List<String> TIERS = List.of("logic", "push", "comet1", "comet2");

    final String jwtSecret = "faults-jwt-secret-of-at-least-32-bytes";
    final String adminPassword = "faults-admin-password";
    final Map<String, ManagedServer> servers = new LinkedHashMap<>();
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new HashMap<>();
    /** Health is served on each tier's management interface, never on its public port. */
    private final Map<String, Integer> managementPorts = new HashMap<>();
    private final Map<String, String> env = new HashMap<>();
    private final Path work;
    private final String run;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    FaultStack(Path work, String run) throws IOException {
        this.work = Files.createDirectories(work);
        servers.put("kafka", new KafkaServer(new Endpoint("127.0.0.1", Ports.freePort())));
        servers.put("redis", new RedisServer(new Endpoint("127.0.0.1", Ports.freePort())));
        servers.put("mongodb", new MongoServer(new Endpoint("127.0.0.1", Ports.freePort())));
        // A private cluster (initdb on a free port), so the matrix can kill it without touching anyone's database.
        Endpoint postgres = new Endpoint("127.0.0.1", Ports.freePort());
        servers.put("postgresql", new PostgresServer(postgres, "gmq_faults", "postgres", ""));
        servers.values().forEach(ManagedServer::ensure);
        env.putAll(ServerKind.KAFKA.clientVariables(servers.get("kafka").endpoint(), System::getenv));
        env.putAll(ServerKind.REDIS.clientVariables(servers.get("redis").endpoint(), System::getenv));
        env.putAll(ServerKind.MONGODB.clientVariables(servers.get("mongodb").endpoint(), System::getenv));
        env.put("POSTGRES_URL", "jdbc:postgresql://" + postgres + "/gmq_faults");
        env.put("POSTGRES_USER", "postgres");
        env.put("POSTGRES_PASSWORD", "");
        env.put("IM_INTERNAL_SECRET", "faults-internal-secret");
        env.put("IM_JWT_SECRET", jwtSecret);
        env.put("IM_ADMIN_PASSWORD", adminPassword);
        env.put("IM_MESSAGES_TOPIC", "im-faults-" + run);
        env.put("IM_PUSH_CONSUMER_GROUP", "im-faults-" + run);
        env.put("MONGODB_DATABASE", "im_faults_" + run);
        env.put("COMET_RENEW_INTERVAL", "5s");
        for (String tier : TIERS) {
            ports.put(tier, Ports.freePort());
            managementPorts.put(tier, Ports.freePort());
        }
        env.put("LOGIC_PORT", ports.get("logic").toString());
        env.put("PUSH_PORT", ports.get("push").toString());
        this.run = run;
    }

    void start() throws Exception {
        for (String tier : TIERS) {
            startTier(tier);
        }
    }

    void startTier(String tier) throws Exception {
        String module = tier.startsWith("comet") ? "im-comet" : "im-" + tier;
        Path jar = GmqRoot.path().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        List<String> command = new ArrayList<>(List.of(GmqRoot.javaExecutable(), "-Xmx384m", "-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log(tier).toFile()));
        builder.environment().putAll(env);
        builder.environment().put("HTTP_PORT", ports.get(tier).toString());
        builder.environment().put("MANAGEMENT_PORT", managementPorts.get(tier).toString());
        builder.environment().put("COMET_NODE_ID", tier + "-" + run);
        processes.put(tier, builder.start());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (ready(tier) != 200) {
            if (!processes.get(tier).isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException(tier + " did not become ready: see " + log(tier));
            }
            Thread.sleep(200);
        }
    }

    /** GET /q/health/ready on the management port: its status, or -1 when the tier does not answer within 2 s. */
    int ready(String tier) {
        try {
            HttpRequest request = HttpRequest
                    .newBuilder(URI.create("http://127.0.0.1:" + managementPorts.get(tier) + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    void kill9(String tier) throws InterruptedException {
        processes.remove(tier).destroyForcibly().waitFor(20, TimeUnit.SECONDS);
    }

    /** SIGTERM, as an orchestrator stops a pod; SIGKILL after 30 s. */
    void terminate(String tier) throws InterruptedException {
        Process process = processes.remove(tier);
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The server of a target, for kill and term rounds; null for a tier. */
    Restartable server(String target) {
        return (Restartable) servers.get(target);
    }

    /** A target's process and its descendants (PostgreSQL's backends): a freeze stops them all. */
    List<Long> pids(String target) {
        long pid = servers.containsKey(target) ? server(target).pid() : processes.get(target).pid();
        List<Long> all = new ArrayList<>(List.of(pid));
        ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(d -> all.add(d.pid())));
        return all;
    }

    static void signal(long pid, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
        }
    }

    URI logic() {
        return URI.create("http://127.0.0.1:" + ports.get("logic"));
    }

    URI comet(int index) {
        return URI.create("ws://127.0.0.1:" + ports.get("comet" + (index + 1)) + "/ws");
    }

    Path log(String tier) {
        return work.resolve(tier + ".log");
    }

    @Override
    public void close() {
        processes.values().forEach(Process::destroy);
        for (Process process : processes.values()) {
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
            }
        }
        processes.clear();
        servers.values().forEach(ManagedServer::stop);
    }
}
