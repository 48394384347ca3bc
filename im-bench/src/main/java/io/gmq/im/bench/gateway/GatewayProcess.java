package io.gmq.im.bench.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.gmq.servers.GmqRoot;
import io.gmq.servers.Ports;

/**
 * One gateway of a run as a child process from its packaged {@code quarkus-run.jar}: free HTTP and management ports, a fresh
 * data
 * directory, random admin and publisher passwords, the environment the run asks for; awaited on /q/health/live
 * (management port), driven over its HTTP API, stopped with SIGTERM (SIGKILL after 30 s).
 */
final class GatewayProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final int managementPort;
    private final Path log;
    private final String adminPassword = UUID.randomUUID().toString();
    private final String publisherPassword = UUID.randomUUID().toString();

    GatewayProcess(Path dir, Map<String, String> env, String jvm) throws IOException, InterruptedException {
        Path jar = GmqRoot.path().resolve("gmq-gateway/target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: ./gmq bench gateway builds it");
        }
        Files.createDirectories(dir);
        port = Ports.freePort();
        managementPort = Ports.freePort();
        List<String> command = new ArrayList<>(List.of(GmqRoot.javaExecutable()));
        command.addAll(List.of(jvm.trim().split("\\s+")));
        command.addAll(List.of("-jar", jar.toString()));
        log = dir.resolve("gateway.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> all = new HashMap<>(Map.of("HTTP_PORT", Integer.toString(port), "GMQ_DATA_DIR",
                dir.resolve("data").toString(), "GMQ_ADMIN_PASSWORD", adminPassword, "GMQ_PUBLISHER_PASSWORD",
                publisherPassword, "EMBEDDED_DB_URL", "jdbc:h2:mem:bench", "GMQ_DRAIN_TIMEOUT", "5s"));
        all.put("MANAGEMENT_PORT", Integer.toString(managementPort));
        all.putAll(env);
        builder.environment().putAll(all);
        process = builder.start();
        try {
            awaitLive();
        } catch (RuntimeException | InterruptedException e) {
            close();
            throw e;
        }
    }

    private void awaitLive() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/q/health/live"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the gateway did not start: see " + log);
            }
            Thread.sleep(250);
        }
    }

    long pid() {
        return process.pid();
    }

    /** Its management interface (health, metrics). */
    String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    Path log() {
        return log;
    }

    /** {@code GET /admin/modules}: every registry module's state and counters, as JSON text. */
    String modules() throws IOException, InterruptedException {
        HttpResponse<String> response = send("GET", "/admin/modules", "admin:" + adminPassword, null);
        if (response.statusCode() != 200) {
            throw new IOException("GET /admin/modules answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** HTTP publish as the publisher user; true when at least one queue took it. */
    boolean publish(String topic, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = send("POST", "/api/v1/publish?topic=" + topic, "publisher:" + publisherPassword,
                body);
        return response.statusCode() == 202 && !response.body().contains("\"delivered\":0");
    }

    private HttpResponse<String> send(String method, String path, String user, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).method(method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (user != null) {
            request.header("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(user.getBytes(StandardCharsets.UTF_8)));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
