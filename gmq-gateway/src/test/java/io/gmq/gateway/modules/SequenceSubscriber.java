package io.gmq.gateway.modules;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

import io.gmq.servers.Endpoint;

/**
 * Test application on the broker's side, as issue 10 asks: {@code mosquitto_sub} itself, with a persistent session
 * (clean session off, a fixed client id) subscribed at QoS1, counting the sequence numbers it prints. The Mosquitto
 * client library reconnects by itself when the broker goes away, and the broker keeps the session's messages meanwhile.
 */
public final class SequenceSubscriber {

    private final Endpoint broker;
    private final String filter;
    private final AtomicIntegerArray seen;
    private final AtomicLong distinct = new AtomicLong();
    private final AtomicLong total = new AtomicLong();
    private final CompletableFuture<Void> subscribed = new CompletableFuture<>();
    private Process process;

    private final String prefix;

    SequenceSubscriber(Endpoint broker, String filter, int count) {
        this(broker, filter, count, "");
    }

    /** {@code prefix}: what comes before the number in each payload (the debug echo's, for one). */
    public SequenceSubscriber(Endpoint broker, String filter, int count, String prefix) {
        this.broker = broker;
        this.filter = filter;
        this.seen = new AtomicIntegerArray(count);
        this.prefix = prefix;
    }

    /** Completes once the broker acknowledged the subscription (mosquitto_sub's debug line "Subscribed"). */
    public CompletableFuture<Void> start() throws IOException {
        // -d: protocol lines (to see the SUBACK); payload lines are the bare sequence numbers. stdbuf: line by line.
        process = new ProcessBuilder(List.of("stdbuf", "-oL", "mosquitto_sub", "-d", "-h", broker.host(), "-p",
                String.valueOf(broker.port()), "-q", "1", "-c", "-i", "gmq-test-subscriber", "-t", filter))
                .redirectErrorStream(true).start();
        Thread.ofVirtual().name("mosquitto_sub-reader").start(this::read);
        return subscribed;
    }

    public long distinct() {
        return distinct.get();
    }

    public long duplicates() {
        return total.get() - distinct.get();
    }

    /** The numbers below {@code count} not received, at most 10, for the failure message. */
    public String missing() {
        StringBuilder out = new StringBuilder();
        for (int i = 0, found = 0; i < seen.length() && found < 10; i++) {
            if (seen.get(i) == 0) {
                out.append(i).append(' ');
                found++;
            }
        }
        return out.toString().strip();
    }

    public void close() {
        if (process != null) {
            process.destroy();
        }
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("Subscribed")) {
                    subscribed.complete(null);
                } else if (line.length() > prefix.length() && line.startsWith(prefix)
                        && line.substring(prefix.length()).chars().allMatch(Character::isDigit)) {
                    count(Integer.parseInt(line.substring(prefix.length())));
                }
            }
        } catch (IOException | NumberFormatException e) {
            subscribed.completeExceptionally(e);
        }
    }

    private void count(int sequence) {
        total.incrementAndGet();
        if (sequence < seen.length() && seen.getAndIncrement(sequence) == 0) {
            distinct.incrementAndGet();
        }
    }
}
