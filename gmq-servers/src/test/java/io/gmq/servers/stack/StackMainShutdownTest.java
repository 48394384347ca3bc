package io.gmq.servers.stack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.gmq.servers.Commands;
import io.gmq.servers.Endpoint;
import io.gmq.servers.GmqRoot;
import io.gmq.servers.Ports;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ctrl-C on the launcher (SIGINT) stops every server it started: all their ports are free again and none of its
 * child processes is left.
 */
class StackMainShutdownTest {

    @Test
    void sigintStopsEveryServerItStarted() throws Exception {
        List<Endpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            endpoints.add(new Endpoint("127.0.0.1", Ports.freePort()));
        }
        ProcessBuilder builder = new ProcessBuilder(GmqRoot.javaExecutable(), "-Dgmq.root=" + GmqRoot.path(), "-cp",
                System.getProperty("java.class.path"), StackMain.class.getName(), "servers").redirectErrorStream(true);
        builder.environment().putAll(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", endpoints.get(0).toString(),
                "REDIS_URL", "redis://" + endpoints.get(1),
                "MONGODB_URL", "mongodb://" + endpoints.get(2),
                "MQTT_HOST", "127.0.0.1", "MQTT_PORT", String.valueOf(endpoints.get(3).port()),
                "POSTGRES_URL", "jdbc:postgresql://" + endpoints.get(4) + "/gmq",
                "MARIADB_URL", "jdbc:mariadb://" + endpoints.get(5) + "/gmq"));
        Process launcher = builder.start();
        StringBuilder output = new StringBuilder();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8))) {
            try {
                readUntilUpThenInterrupt(launcher, reader, output, endpoints);
            } finally {
                // Before the reader is closed: closing it waits for the line reader, which waits for the launcher.
                launcher.descendants().forEach(ProcessHandle::destroyForcibly);
                launcher.destroyForcibly();
            }
        }
    }

    private static void readUntilUpThenInterrupt(Process launcher, BufferedReader reader, StringBuilder output,
            List<Endpoint> endpoints) throws Exception {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            output.append(line).append('\n');
            if (line.startsWith("Press Ctrl-C")) {
                break;
            }
        }
        assertThat(output.toString()).contains("GMQ servers are up").doesNotContain("reused");
        endpoints.forEach(e -> assertThat(Ports.isListening(e)).as("listening: " + e).isTrue());
        List<ProcessHandle> children = launcher.descendants().toList();
        assertThat(children).isNotEmpty();

        assertThat(sigintIgnored(launcher.pid())).as("SIGINT is ignored in this process tree (a shell without job control"
                + " started the build in the background), so Ctrl-C cannot reach the launcher").isFalse();
        Commands.run("kill", "-INT", String.valueOf(launcher.pid()));
        Thread.ofVirtual().start(() -> reader.lines().forEach(l -> output.append(l).append('\n')));
        assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).as("launcher exits on SIGINT:\n" + output).isTrue();
        assertThat(Ports.await(() -> endpoints.stream().noneMatch(Ports::isListening), Duration.ofSeconds(10)))
                .as("every port freed:\n" + output).isTrue();
        assertThat(children.stream().filter(ProcessHandle::isAlive)).as("no child process left").isEmpty();
    }

    /** Whether a process ignores SIGINT (bit 2 of SigIgn in /proc): a background job of a shell inherits that. */
    private static boolean sigintIgnored(long pid) throws IOException {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        if (!Files.exists(status)) {
            return false;
        }
        return Files.readAllLines(status).stream().filter(l -> l.startsWith("SigIgn:"))
                .anyMatch(l -> (Long.parseLong(l.substring(7).trim(), 16) & 2) != 0);
    }
}
