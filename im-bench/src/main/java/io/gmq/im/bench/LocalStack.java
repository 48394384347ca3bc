package io.gmq.im.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.gmq.servers.GmqRoot;
import io.gmq.servers.ManagedServer;
import io.gmq.servers.ServerKind;
import io.gmq.servers.SharedServers;

/**
 * The stack the bench starts itself: the real servers through {@link SharedServers} (reused when listening, started
 * otherwise, for the whole bench), and per run logic, push and one comet from their packaged jars, with a fresh
 * topic, consumer group and Mongo database, random secrets and free ports.
 */
final class LocalStack implements Stack {

    private static final List<String> SERVICES = List.of("logic", "push", "comet");
    private static final HexFormat HEX = HexFormat.of();
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Path work;
    private final String cometJvm;
    private final Map<ServerKind, ManagedServer> servers = new EnumMap<>(ServerKind.class);
    private final Map<String, String> serverEnv = new HashMap<>();
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new HashMap<>();
    private final Map<String, Path> logs = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private String jwtSecret;
    private String adminPassword;

    LocalStack(Path work, String cometJvm) {
        this.work = work;
        this.cometJvm = cometJvm;
        for (ServerKind kind : new ServerKind[] { ServerKind.KAFKA, ServerKind.REDIS, ServerKind.MONGODB,
                ServerKind.POSTGRESQL }) {
            ManagedServer server = SharedServers.acquire(kind, kind.configuredEndpoint());
            servers.put(kind, server);
            serverEnv.putAll(kind.clientVariables(server.endpoint(), System::getenv));
        }
    }

    @Override
    public synchronized void startRun(String run) throws Exception {
        Path dir = Files.createDirectories(work.resolve(run));
        jwtSecret = random(32);
        adminPassword = random(12);
        Map<String, String> env = new HashMap<>(serverEnv);
        env.put("IM_INTERNAL_SECRET", random(32));
        env.put("IM_JWT_SECRET", jwtSecret);
        env.put("IM_ADMIN_PASSWORD", adminPassword);
        env.put("IM_MESSAGES_TOPIC", "im-bench-" + run);
        env.put("IM_PUSH_CONSUMER_GROUP", "im-bench-" + run);
        env.put("MONGODB_DATABASE", "im_bench_" + run);
        for (String service : SERVICES) {
            ports.put(service, freePort());
        }
        env.put("LOGIC_PORT", ports.get("logic").toString());
        env.put("PUSH_PORT", ports.get("push").toString());
        env.put("COMET_NODE_ID", "comet-" + run);
        logs.clear();
        // Logic and push start side by side; the comet registers with both, so it starts once they are ready.
        start("logic", env, dir, "-Xmx512m");
        start("push", env, dir, "-Xmx512m");
        awaitReady(List.of("logic", "push"));
        start("comet", env, dir, cometJvm);
        awaitReady(List.of("comet"));
    }

    private void start(String service, Map<String, String> env, Path dir, String jvm) throws IOException {
        Path jar = GmqRoot.path().resolve("im-" + service).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: ./gmq bench builds it");
        }
        List<String> command = new ArrayList<>(List.of(GmqRoot.javaExecutable()));
        command.addAll(List.of(jvm.trim().split("\\s+")));
        command.addAll(List.of("-jar", jar.toString()));
        Path log = dir.resolve(service + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        builder.environment().put("HTTP_PORT", ports.get(service).toString());
        processes.put(service, builder.start());
        logs.put(service, log);
    }

    private void awaitReady(List<String> services) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        for (String service : services) {
            while (!ready(service)) {
                if (!processes.get(service).isAlive()) {
                    throw new IllegalStateException("im-" + service + " exited during start: see " + logs.get(service));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("im-" + service + " not ready within 180 s: see " + logs.get(service));
                }
                Thread.sleep(250);
            }
        }
    }

    private boolean ready(String service) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url(service) + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(3)).build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String url(String service) {
        return "http://127.0.0.1:" + ports.get(service);
    }

    @Override
    public synchronized void endRun() {
        processes.values().forEach(Process::destroy);
        for (Process process : processes.values()) {
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
    }

    @Override
    public URI comet() {
        return URI.create("ws://127.0.0.1:" + ports.get("comet") + "/ws");
    }

    @Override
    public URI logic() {
        return URI.create(url("logic"));
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
            Process process = processes.get(service);
            pids.put(service, process == null ? 0 : process.pid());
        }
        return pids;
    }

    @Override
    public Map<String, Path> logs() {
        return Map.copyOf(logs);
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

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
