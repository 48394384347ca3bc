package io.gmq.im.bench;

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

import io.gmq.servers.GmqRoot;
import io.gmq.servers.Ports;

/**
 * The IM tiers of one run as child processes (im-logic, im-push, im-comet from their packaged jars): their free
 * ports (HTTP and management), pids, log and GC log files; started, awaited on /q/health/ready, and stopped.
 */
final class Tiers {

    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new HashMap<>();
    private final Map<String, Integer> managementPorts = new HashMap<>();
    private final Map<String, Path> logs = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Picks a free port for each service (before any starts: they need each other's). */
    Tiers(List<String> services) throws IOException {
        for (String service : services) {
            ports.put(service, Ports.freePort());
            managementPorts.put(service, Ports.freePort());
        }
    }

    int port(String service) {
        return ports.get(service);
    }

    void start(String service, Map<String, String> env, Path dir, String jvm) throws IOException {
        Path jar = GmqRoot.path().resolve("im-" + service).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: ./gmq bench builds it");
        }
        List<String> command = new ArrayList<>(List.of(GmqRoot.javaExecutable()));
        // One line per collection, next to the log (the working directory): the soak reads the heap after GC from it
        // instead of forcing collections.
        command.add("-Xlog:gc:file=" + gcLogName(service));
        command.addAll(List.of(jvm.trim().split("\\s+")));
        command.addAll(List.of("-jar", jar.toString()));
        Path log = dir.resolve(service + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        builder.environment().put("HTTP_PORT", Integer.toString(port(service)));
        builder.environment().put("MANAGEMENT_PORT", Integer.toString(managementPorts.get(service)));
        processes.put(service, builder.start());
        logs.put(service, log);
    }

    /** The GC log's file name in the run's directory (-Xlog's file option must not hold its ':' separator). */
    static String gcLogName(String service) {
        return service + "-gc.log";
    }

    /** Waits until each service answers /q/health/ready (management port) with 200, at most 180 s in all. */
    void awaitReady(List<String> services) throws InterruptedException {
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
            HttpRequest request = HttpRequest
                    .newBuilder(URI.create("http://127.0.0.1:" + managementPorts.get(service) + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(3)).build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    long pid(String service) {
        Process process = processes.get(service);
        return process == null ? 0 : process.pid();
    }

    Map<String, Path> logs() {
        return Map.copyOf(logs);
    }

    /** SIGTERM to each, then SIGKILL to any still running after 30 s. */
    void stop() {
        processes.values().forEach(Process::destroy);
        processes.values().forEach(Tiers::awaitStopped);
        processes.clear();
    }

    /** Waits 30 s for a process told to stop (SIGTERM), then SIGKILLs it. */
    static void awaitStopped(Process process) {
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
