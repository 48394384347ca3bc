package io.gmq.im.it;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A receiving client that stays connected whatever happens to the tiers: when its connection closes it connects
 * again (to the same comet, retrying while the stack cannot take it) and gets its inbox replayed; keeps every message
 * frame of every connection.
 */
final class Receiver implements AutoCloseable {

    final List<JsonNode> messages = new CopyOnWriteArrayList<>();
    final AtomicInteger connects = new AtomicInteger();
    private final URI comet;
    private final String token;
    private final Thread loop;
    private volatile boolean stopped;
    private volatile WsClient current;

    Receiver(URI comet, String token) {
        this.comet = comet;
        this.token = token;
        this.loop = Thread.ofVirtual().start(this::run);
    }

    private void run() {
        while (!stopped) {
            WsClient client;
            try {
                client = WsClient.connect(comet, token);
            } catch (RuntimeException e) {
                pause();
                continue;
            }
            current = client;
            connects.incrementAndGet();
            int seen = 0;
            while (!stopped && !client.closed.isDone()) {
                seen = drain(client, seen);
                pause();
            }
            drain(client, seen);
            client.close();
        }
    }

    private int drain(WsClient client, int seen) {
        List<JsonNode> frames = client.frames;
        for (int i = seen; i < frames.size(); i++) {
            if ("message".equals(frames.get(i).path("type").asText())) {
                messages.add(frames.get(i));
            }
        }
        return frames.size();
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        loop.join(10_000);
        WsClient last = current;
        if (last != null) {
            last.close();
        }
    }
}
