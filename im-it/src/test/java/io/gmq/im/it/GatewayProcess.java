package io.gmq.im.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

import io.gmq.servers.GmqRoot;
import io.gmq.servers.Ports;

/**
 * The packaged gateway as a process next to the IM tiers, its modules from a watched overlay file, its log in a
 * file the test reads.
 */
final class GatewayProcess implements AutoCloseable {

    private static final String ADMIN_PASSWORD = "it-gateway-admin";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Path log;
    private final Process process;
    private final int port;

    private GatewayProcess(Path log, Process process, int port) {
        this.log = log;
        this.process = process;
        this.port = port;
    }

    /** Starts the gateway with {@code modulesYaml} as its module overlay and waits until it is live. */
    static GatewayProcess start(Path dir, String modulesYaml, Map<String, String> env) throws Exception {
        // Absolute: the process runs in this directory, and relative paths in its environment would resolve twice.
        Path work = Files.createDirectories(dir).toAbsolutePath();
        Path modules = work.resolve("modules.yaml");
        Files.writeString(modules, modulesYaml);
        int port;
        int managementPort;
        port = Ports.freePort();
        managementPort = Ports.freePort();
        Path jar = GmqRoot.path().resolve("gmq-gateway/target/quarkus-app/quarkus-run.jar");
        Path log = work.resolve("gateway.log");
        ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m", "-jar", jar.toString()).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(Map.of("HTTP_PORT", Integer.toString(port), "GMQ_DATA_DIR",
                work.resolve("data").toString(), "GMQ_MODULES_FILE", modules.toString(), "GMQ_DEBUG_MODULE_ENABLED",
                "false", "EMBEDDED_DB_URL", "jdbc:h2:mem:im-it", "GMQ_DRAIN_TIMEOUT", "5s", "GMQ_ADMIN_PASSWORD",
                ADMIN_PASSWORD));
        builder.environment().put("MANAGEMENT_PORT", Integer.toString(managementPort));
        builder.environment().putAll(env);
        GatewayProcess gateway = new GatewayProcess(log, builder.start(), port);
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> HTTP
                        .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/q/health/live"))
                                .build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200);
        return gateway;
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    /** Waits until the log has a line containing {@code text}, and returns that line. */
    String awaitLog(String text, Duration timeout) {
        return Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(100))
                .until(() -> log().lines().filter(l -> l.contains(text)).findFirst().orElse(null), l -> l != null);
    }

    /** An admin API call, e.g. {@code POST /admin/modules/im/stop}; returns the body of a 200 answer. */
    String admin(String method, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(("admin:"
                        + ADMIN_PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    /** SIGTERM (graceful: modules stop and log their summaries), then SIGKILL if it hangs. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
