package io.gmq.im.bench.faults;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The steady sending side: per room one admin sender (POST /api/v1/push/rooms) and per peer pair one user sender
 * (POST /api/v1/messages), each paced, one message at a time, each retried with the same {@code cid} until logic
 * acknowledges it. Records every acknowledged cid with its audience and when it was acknowledged.
 */
final class Senders {

    /** An acknowledged message: who must get it, and when the sender was told (nanoTime). */
    record Accepted(List<String> audience, long at) {
    }

    final Map<String, Accepted> accepted = new ConcurrentHashMap<>();
    final AtomicLong retries = new AtomicLong();
    private final HttpClient http;
    private final URI logic;
    private volatile boolean running;
    private volatile String prefix;
    private final List<Thread> threads = new java.util.ArrayList<>();

    Senders(HttpClient http, URI logic) {
        this.http = http;
        this.logic = logic;
    }

    /** Starts the senders; cids begin with {@code prefix} (one per round). */
    void start(String prefix, Map<String, List<String>> rooms, String adminToken, double roomRate,
            List<String[]> peers, Map<String, String> tokens, double peerRate) {
        this.prefix = prefix;
        running = true;
        rooms.forEach((room, members) -> threads.add(Thread.ofVirtual().start(() -> loop(roomRate, "r-" + room, i -> {
            ObjectNode body = ChatClient.JSON.createObjectNode().put("cid", prefix + "-" + room + "-" + i).put("body", "x");
            return send("/api/v1/push/rooms/" + room, adminToken, body, members);
        }))));
        for (String[] pair : peers) {
            threads.add(Thread.ofVirtual().start(() -> loop(peerRate, "p-" + pair[0], i -> {
                ObjectNode body = ChatClient.JSON.createObjectNode().put("cid", prefix + "-" + pair[0] + "-" + i)
                        .put("kind", "peer").put("body", "x");
                body.putArray("to").add(pair[1]);
                return send("/api/v1/messages", tokens.get(pair[0]), body, List.of(pair[1]));
            })));
        }
    }

    /** Stops sending (each sender finishes the message in hand) and waits for them. */
    void stop() throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.join(120_000);
        }
        threads.clear();
    }

    private interface Step {
        boolean send(int i) throws InterruptedException;
    }

    private void loop(double rate, String name, Step step) {
        long begin = System.nanoTime();
        long interval = (long) (1_000_000_000L / rate);
        try {
            for (int i = 0; running; i++) {
                long wait = begin + i * interval - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000);
                }
                while (!step.send(i)) {
                    retries.incrementAndGet();
                    Thread.sleep(200);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True when acknowledged; false to retry (refused connection, timeout, 503). */
    private boolean send(String path, String token, ObjectNode body, List<String> audience) {
        try {
            HttpRequest request = HttpRequest.newBuilder(logic.resolve(path)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 202) {
                accepted.put(body.path("cid").asText(), new Accepted(audience, System.nanoTime()));
                return true;
            }
            if (response.statusCode() != 503 && response.statusCode() != 500) {
                // A refusal that retrying cannot change: not accepted, and the next message goes.
                System.out.println("   send " + body.path("cid").asText() + " refused: " + response.statusCode() + " "
                        + response.body());
                return true;
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    String prefix() {
        return prefix;
    }
}
