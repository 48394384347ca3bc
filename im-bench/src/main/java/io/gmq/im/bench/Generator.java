package io.gmq.im.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.gmq.servers.GmqRoot;

/**
 * Runs the load generator as a JVM of its own (same class path, main class {@code load.LoadMain}), echoes its
 * progress, returns the figures of its {@code RESULT} line, and kills it when it outlives its deadline.
 */
public final class Generator {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile Process running;

    private Generator() {
    }

    static ObjectNode run(Map<String, String> params, String jvm, long deadlineSeconds) throws Exception {
        return run("io.gmq.im.bench.load.LoadMain", params, jvm, deadlineSeconds);
    }

    /** The same for another generator main class (the gateway bench's MQTT load). */
    public static ObjectNode run(String mainClass, Map<String, String> params, String jvm, long deadlineSeconds)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(GmqRoot.javaExecutable()));
        command.addAll(List.of(jvm.trim().split("\\s+")));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        params.forEach((key, value) -> command.add(key + "=" + value));
        command.add("deadline-seconds=" + deadlineSeconds);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        running = process;
        long killAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(deadlineSeconds + 60);
        Thread killer = Thread.ofVirtual().start(() -> {
            try {
                if (!process.waitFor(Math.max(1, killAt - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    System.out.println("generator outlived its deadline: killed");
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
            }
        });
        String result = null;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("RESULT ")) {
                    result = line.substring(7);
                } else {
                    System.out.println("  gen | " + line);
                }
            }
        }
        int exit = process.waitFor();
        killer.interrupt();
        running = null;
        if (result == null) {
            throw new IllegalStateException("the generator ended (exit " + exit + ") without a result");
        }
        return (ObjectNode) JSON.readTree(result);
    }

    /** Ends a generator still running (Ctrl-C). */
    public static void stop() {
        Process process = running;
        if (process != null) {
            process.destroyForcibly();
        }
    }
}
