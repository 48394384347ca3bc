package io.gmq.im.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.gmq.servers.Endpoint;
import io.gmq.servers.GmqRoot;
import io.gmq.servers.ManagedServer;
import io.gmq.servers.Ports;
import io.gmq.servers.ServerKind;
import io.gmq.servers.SharedServers;

/**
 * The IM tiers as separate processes (logic, push and two comets from their packaged jars) against the real
 * servers, with a fresh topic, database and id prefix per run so runs never see each other's data.
 */
final class ImStack implements AutoCloseable, ExtensionContext.Store.CloseableResource {

    static final String INTERNAL_SECRET = "it-internal-secret";
    static final String JWT_SECRET = "it-jwt-secret-of-at-least-32-bytes!!";
    static final String ADMIN_PASSWORD = "it-admin-password";
    /**
     * Room history kept per room: above the 2,000-message bursts of the crash test, so a client caught up from storage
     * after push's restart is always inside it; the window test pushes past it.
     */
    static final int ROOM_WINDOW = 2500;

    final String run = UUID.randomUUID().toString().substring(0, 8);
    final Path work;
    private final Map<ServerKind, ManagedServer> servers = new EnumMap<>(ServerKind.class);
    /** Servers this stack was given (private to one test, which stops them), not acquired from SharedServers. */
    private final Map<ServerKind, ManagedServer> own;
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new HashMap<>();
    private final Map<String, Integer> managementPorts = new HashMap<>();
    private final Map<String, String> env = new HashMap<>();

    ImStack(Path work) throws IOException {
        this(work, Map.of());
    }

    /** A stack on the shared servers except {@code own}: servers a fault test kills and restarts without harming others. */
    ImStack(Path work, Map<ServerKind, ManagedServer> own) throws IOException {
        this.work = Files.createDirectories(work);
        this.own = own;
        for (ServerKind kind : new ServerKind[] { ServerKind.KAFKA, ServerKind.REDIS, ServerKind.MONGODB,
                ServerKind.POSTGRESQL }) {
            ManagedServer server = own.containsKey(kind) ? own.get(kind)
                    : SharedServers.acquire(kind, kind.configuredEndpoint());
            servers.put(kind, server);
            env.putAll(kind.clientVariables(server.endpoint(), System::getenv));
        }
        env.put("IM_INTERNAL_SECRET", INTERNAL_SECRET);
        env.put("IM_JWT_SECRET", JWT_SECRET);
        env.put("IM_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("IM_MESSAGES_TOPIC", "im-it-" + run);
        env.put("IM_PUSH_CONSUMER_GROUP", "im-it-" + run);
        env.put("MONGODB_DATABASE", "im_it_" + run);
        env.put("IM_PUBLIC_ROOMS", "lobby");
        env.put("IM_ROOM_HISTORY_SIZE", Integer.toString(ROOM_WINDOW));
        env.put("COMET_SEND_QUEUE_LIMIT", "200");
        env.put("COMET_RENEW_INTERVAL", "2s");
        for (String service : new String[] { "logic", "push", "comet1", "comet2" }) {
            ports.put(service, Ports.freePort());
            managementPorts.put(service, Ports.freePort());
        }
        env.put("LOGIC_PORT", ports.get("logic").toString());
        env.put("PUSH_PORT", ports.get("push").toString());
    }

    /** Starts every tier and waits until each is ready. */
    void start() throws Exception {
        start("logic", "push", "comet1", "comet2");
    }

    /** Starts these tiers (in this order) and waits until each is ready. */
    void start(String... services) throws Exception {
        for (String service : services) {
            startService(service);
        }
    }

    void startService(String service) throws Exception {
        String module = service.startsWith("comet") ? "im-comet" : "im-" + service;
        Path jar = GmqRoot.path().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m", "-jar", jar.toString()).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log(service).toFile()));
        builder.environment().putAll(env);
        builder.environment().put("HTTP_PORT", ports.get(service).toString());
        builder.environment().put("MANAGEMENT_PORT", managementPorts.get(service).toString());
        builder.environment().put("COMET_NODE_ID", service + "-" + run);
        Process process = builder.start();
        processes.put(service, process);
        try {
            // A tier that exits (bad config, port taken) ends the wait at once instead of after the timeout.
            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> !process.isAlive() || readiness(service) == 200);
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(service + " not ready after 120 s; its log ends with:\n" + logTail(service),
                    e);
        }
        if (!process.isAlive()) {
            throw new IllegalStateException(
                    service + " exited with " + process.exitValue() + "; its log ends with:\n" + logTail(service));
        }
    }

    /** The last lines of a tier's log, so that a start failure in CI says why without the log files. */
    private String logTail(String service) {
        try {
            List<String> lines = Files.readAllLines(log(service));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    void kill9(String service) throws InterruptedException {
        Process process = processes.remove(service);
        process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
    }

    /** Freezes (SIGSTOP) or thaws (SIGCONT) a tier: it keeps its connections but answers nothing meanwhile. */
    void signal(String service, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(processes.get(service).pid())).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + signal + " of " + service + " failed");
        }
    }

    Path log(String service) {
        return work.resolve(service + ".log");
    }

    int port(String service) {
        return ports.get(service);
    }

    URI http(String service, String path) {
        return URI.create("http://127.0.0.1:" + ports.get(service) + path);
    }

    URI ws(String comet) {
        return URI.create("ws://127.0.0.1:" + ports.get(comet) + "/ws");
    }

    Endpoint endpoint(ServerKind kind) {
        return servers.get(kind).endpoint();
    }

    String mongoDatabase() {
        return env.get("MONGODB_DATABASE");
    }

    /** A user id unique to this run. */
    String id(String name) {
        return name + "-" + run;
    }

    /** The HTTP status of a GET on a tier (for readiness: 200 UP, 503 DOWN); -1 when it does not answer. */
    int status(String service, String path) {
        try {
            return get(service, path).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    /** Readiness of a tier on its management port: 200 UP, 503 DOWN, -1 when it does not answer. */
    int readiness(String service) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + managementPorts.get(service) + "/q/health/ready")).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private HttpResponse<String> get(String service, String path) throws Exception {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(http(service, path)).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws Exception {
        for (Process process : processes.values()) {
            process.destroy();
        }
        for (Process process : processes.values()) {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        servers.forEach((kind, server) -> {
            if (!own.containsKey(kind)) {
                SharedServers.release(kind, server);
            }
        });
    }
}
