package io.gmq.servers.stack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.gmq.servers.GmqRoot;
import io.gmq.servers.ServerException;

/**
 * One GMQ service run from its built fast-jar as a child JVM; its output is echoed with a "[module]" prefix.
 */
final class ServiceProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final Service service;
    private final Process process;

    private ServiceProcess(Service service, Process process) {
        this.service = service;
        this.process = process;
    }

    static ServiceProcess start(Service service, Path root, Map<String, String> env) {
        Path jar = root.resolve(service.module()).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new ServerException("GMQ-STK-001 " + jar + " is missing: build first (./mvnw install -DskipTests)");
        }
        try {
            ProcessBuilder builder = new ProcessBuilder(List.of(GmqRoot.javaExecutable(), "-Xmx512m", "-jar", jar.toString()))
                    .directory(root.resolve(service.module()).toFile()).redirectErrorStream(true);
            builder.environment().putAll(env);
            builder.environment().put("HTTP_PORT", String.valueOf(service.port()));
            builder.environment().put("MANAGEMENT_PORT", String.valueOf(service.managementPort()));
            ServiceProcess started = new ServiceProcess(service, builder.start());
            Thread.ofVirtual().name(service.module() + "-output").start(started::echoOutput);
            return started;
        } catch (IOException e) {
            throw new ServerException("GMQ-STK-002 cannot start " + service.module() + ": " + e.getMessage(), e);
        }
    }

    Service service() {
        return service;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String url() {
        return "http://127.0.0.1:" + service.port();
    }

    /** The management interface: health, metrics, OpenAPI and Swagger UI under /q. */
    String managementUrl() {
        return "http://127.0.0.1:" + service.managementPort();
    }

    /** True when /q/health/ready on the management port answers 200 (every server the service uses is reachable). */
    boolean isReady() {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(managementUrl() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(3))
                    .build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGTERM (Quarkus drains and stops), then SIGKILL after {@code graceSeconds}. */
    void stop(long graceSeconds) {
        process.destroy();
        try {
            if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private void echoOutput() {
        String prefix = "[" + service.module() + "] ";
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                System.out.println(prefix + line);
            }
        } catch (IOException e) {
            // The process ended; its exit is reported by the launcher.
        }
    }
}
