package io.gmq.gateway.exe;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.gmq.gateway.bus.Envelope;

/**
 * One running child of an exe module and its side of the JSON-lines protocol (README "exe modules"): writes
 * start/message/stop lines to stdin, reads ready/ack/publish/log lines from stdout, copies stderr into the log.
 */
final class ChildProcess {

    /** The child exited (or broke the pipe) before acknowledging. */
    static final class GoneException extends Exception {
        GoneException(String message) {
            super(message);
        }
    }

    /** A publish line from the child. */
    record Publish(String topic, byte[] payload, Map<String, String> headers) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = Logger.getLogger(ChildProcess.class);

    private final String module;
    private final Process process;
    private final Writer stdin;
    private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();

    ChildProcess(String module, Process process, Consumer<Publish> publisher) {
        this.module = module;
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread.ofVirtual().name("gmq-exe-" + module + "-out").start(() -> readStdout(publisher));
        Thread.ofVirtual().name("gmq-exe-" + module + "-err").start(() -> copyStderr(process.getErrorStream()));
        process.onExit().thenRun(() -> pending.values()
                .forEach(f -> f.completeExceptionally(new GoneException("child exited with " + process.exitValue()))));
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Process process() {
        return process;
    }

    /**
     * Sends the start line and waits for the child's ready line; a child that exits (closes its stdout) first is
     * reported at once with its exit code, not after the timeout.
     */
    void start(Map<String, Object> config, long timeoutMillis)
            throws IOException, InterruptedException, TimeoutException, GoneException {
        ObjectNode line = JSON.createObjectNode().put("type", "start").put("module", module);
        line.set("config", JSON.valueToTree(config));
        try {
            write(line);
            ready.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new TimeoutException("no ready line within " + timeoutMillis + " ms");
        } catch (IOException | ExecutionException e) {
            // A broken pipe or stdout at its end: the child is gone, or going. Its exit code says more than either.
            throw new GoneException(process.waitFor(2, TimeUnit.SECONDS)
                    ? "exited with code " + process.exitValue() + " before its ready line"
                    : "closed its stdout before its ready line");
        }
    }

    /** Sends one message and waits for its ack; an ack with {@code error} fails the message. */
    void deliver(Envelope message, long timeoutMillis) throws GoneException, TimeoutException, InterruptedException {
        CompletableFuture<JsonNode> ack = new CompletableFuture<>();
        pending.put(message.id(), ack);
        try {
            ObjectNode line = JSON.createObjectNode().put("type", "message").put("id", message.id())
                    .put("topic", message.topic()).put("source", message.source()).put("timestamp", message.timestamp())
                    .put("payload", Base64.getEncoder().encodeToString(message.payload()));
            line.set("headers", JSON.valueToTree(message.headers()));
            write(line);
            JsonNode answer = ack.get(timeoutMillis, TimeUnit.MILLISECONDS);
            if (answer.hasNonNull("error")) {
                throw new IllegalStateException("child reported: " + answer.get("error").asText());
            }
        } catch (IOException e) {
            throw new GoneException("cannot write to child: " + e.getMessage());
        } catch (java.util.concurrent.ExecutionException e) {
            throw new GoneException(e.getCause().getMessage());
        } finally {
            pending.remove(message.id());
        }
    }

    /** Asks the child to stop (stop line, stdin closed), then terminates it if it has not exited in time. */
    void stop(long graceMillis) {
        try {
            write(JSON.createObjectNode().put("type", "stop"));
            stdin.close();
        } catch (IOException e) {
            // Already gone.
        }
        try {
            if (!process.waitFor(graceMillis, TimeUnit.MILLISECONDS)) {
                process.destroy();
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private synchronized void write(JsonNode line) throws IOException {
        stdin.write(JSON.writeValueAsString(line));
        stdin.write('\n');
        stdin.flush();
    }

    private void readStdout(Consumer<Publish> publisher) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                handleLine(text, publisher);
            }
        } catch (IOException e) {
            // The child closed stdout: its exit is handled by the supervisor.
        }
        ready.completeExceptionally(new GoneException("stdout closed"));
    }

    private void handleLine(String text, Consumer<Publish> publisher) {
        JsonNode line;
        try {
            line = JSON.readTree(text);
        } catch (IOException e) {
            LOG.warnf("GMQ-EXE-004 module %s: ignored a line that is not JSON: %.200s", module, text);
            return;
        }
        switch (line.path("type").asText()) {
            case "ready" -> ready.complete(null);
            case "ack" -> {
                CompletableFuture<JsonNode> ack = pending.get(line.path("id").asText());
                if (ack != null) {
                    ack.complete(line);
                }
            }
            case "publish" -> publisher.accept(new Publish(line.path("topic").asText(), payload(line), headers(line)));
            case "log" -> LOG.infof("[%s] %s", module, line.path("message").asText());
            default -> LOG.warnf("GMQ-EXE-004 module %s: ignored a line of unknown type: %.200s", module, text);
        }
    }

    private static byte[] payload(JsonNode line) {
        return line.has("text") ? line.get("text").asText().getBytes(StandardCharsets.UTF_8)
                : Base64.getDecoder().decode(line.path("payload").asText(""));
    }

    private static Map<String, String> headers(JsonNode line) {
        Map<String, String> headers = new HashMap<>();
        line.path("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
        return headers;
    }

    private void copyStderr(InputStream stderr) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stderr, StandardCharsets.UTF_8))) {
            for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                LOG.infof("[%s stderr] %s", module, text);
            }
        } catch (IOException e) {
            // The child exited.
        }
    }
}
