package io.gmq.im.bench.faults;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One user as docs/IM.md asks a client to behave: connected to a comet, reconnecting to the other comet when closed,
 * joining its room and recovering each conversation from its last seq after every connect, acknowledging its inbox
 * up to the highest seq it holds without a gap. Records each message it got once per seq, and counts repeats and
 * seqs that arrive below one already delivered on the same connection.
 */
final class ChatClient implements WebSocket.Listener {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Error frames any client got (the first few are printed). */
    static final AtomicLong ERRORS = new AtomicLong();

    final String user;
    final String room;
    /** cid → first arrival (nanoTime) of each distinct message. */
    final Map<String, Long> received = new ConcurrentHashMap<>();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong reordered = new AtomicLong();
    final AtomicLong connects = new AtomicLong();
    private final Map<String, Set<Long>> seqs = new ConcurrentHashMap<>();
    private final Map<String, Long> lastSeq = new ConcurrentHashMap<>();
    private final HttpClient http;
    private final URI[] comets;
    private final String token;
    private final StringBuilder partial = new StringBuilder();
    private volatile WebSocket socket;
    private volatile boolean stopped;
    private int comet;
    private long connectionMax;
    private long inboxAcked;
    private boolean joined;
    private boolean recovered;
    private long recoverFrom;

    ChatClient(HttpClient http, URI[] comets, int comet, String user, String token, String room) {
        this.http = http;
        this.comets = comets;
        this.comet = comet;
        this.user = user;
        this.token = token;
        this.room = room;
    }

    /** Connects, retrying every 500 ms (on the other comet each time) until it works or the client is stopped. */
    void connect() {
        Thread.ofVirtual().start(() -> {
            while (!stopped) {
                try {
                    http.newWebSocketBuilder().header("Authorization", "Bearer " + token).connectTimeout(Duration.ofSeconds(5))
                            .buildAsync(comets[comet], this).get(10, TimeUnit.SECONDS);
                    return;
                } catch (Exception e) {
                    comet = (comet + 1) % comets.length;
                    sleep(500);
                }
            }
        });
    }

    @Override
    public synchronized void onOpen(WebSocket webSocket) {
        socket = webSocket;
        connects.incrementAndGet();
        connectionMax = 0;
        webSocket.request(Long.MAX_VALUE);
        joined = false;
        recovered = false;
        // Where this connection's recovery starts: live messages of a room the comet already knows the user joined
        // can arrive before the recover request, and must not move its starting point past the gap.
        recoverFrom = room == null ? 0 : lastSeq.getOrDefault("r:" + room, 0L);
        if (room != null) {
            // Joined again on every connect (a repeat is harmless), so a membership Redis lost comes back; the room is
            // recovered once the join is answered (upkeep repeats a join that was refused as unavailable).
            send(frame("join").put("room", room));
        }
    }

    /**
     * Called about once a second: a join not answered yet is sent again, and so is a room recovery that was refused
     * (1009) or cut short; the comet cannot see a gap before a connection's first message, only the client can.
     */
    synchronized void rejoin() {
        if (room != null && socket != null && !joined) {
            send(frame("join").put("room", room));
        } else if (room != null && socket != null && !recovered) {
            recoverRoom();
        }
    }

    private void recoverRoom() {
        // Again after a partial answer: from the highest seq held without a gap, so the part already recovered is
        // not fetched (and counted as duplicates) once more.
        Set<Long> held = seqs.getOrDefault("r:" + room, Set.of());
        while (held.contains(recoverFrom + 1)) {
            recoverFrom++;
        }
        ObjectNode last = JSON.createObjectNode();
        last.put("r:" + room, recoverFrom);
        send((ObjectNode) frame("recover").set("last", last));
    }

    @Override
    public synchronized CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                handle(JSON.readTree(partial.toString()));
            } catch (Exception e) {
                // not JSON: not ours to judge here
            }
            partial.setLength(0);
        }
        return null;
    }

    private void handle(JsonNode frame) {
        if ("error".equals(frame.path("type").asText()) && ERRORS.incrementAndGet() <= 5) {
            System.out.println("   " + user + " got " + frame);
        }
        if ("joined".equals(frame.path("type").asText()) && !joined) {
            joined = true;
            recoverRoom();
        }
        if ("recovered".equals(frame.path("type").asText()) && ("r:" + room).equals(frame.path("conversation").asText())) {
            // recovered: false with "history window" cannot get better; any other reason is fetched again.
            recovered = frame.path("recovered").asBoolean() || frame.path("reason").asText().contains("history window");
        }
        if (!"message".equals(frame.path("type").asText())) {
            return;
        }
        String conversation = frame.path("conversation").asText();
        long seq = frame.path("seq").asLong();
        if (!seqs.computeIfAbsent(conversation, c -> new HashSet<>()).add(seq)) {
            duplicates.incrementAndGet();
            return;
        }
        if (seq < connectionMax) {
            reordered.incrementAndGet();
        }
        connectionMax = Math.max(connectionMax, seq);
        lastSeq.merge(conversation, seq, Math::max);
        received.putIfAbsent(frame.path("cid").asText(), System.nanoTime());
    }

    /** Acknowledges the inbox up to the highest seq held without a gap (called about once a second). */
    synchronized void ackInbox() {
        Set<Long> inbox = seqs.get("u:" + user);
        if (inbox == null) {
            return;
        }
        long contiguous = inboxAcked;
        while (inbox.contains(contiguous + 1)) {
            contiguous++;
        }
        if (contiguous > inboxAcked) {
            send(frame("ack").put("seq", contiguous));
            inboxAcked = contiguous;
        }
    }

    synchronized void heartbeat() {
        send(frame("heartbeat"));
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        reconnect();
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        reconnect();
    }

    private synchronized void reconnect() {
        socket = null;
        if (!stopped) {
            comet = (comet + 1) % comets.length;
            connect();
        }
    }

    private void send(ObjectNode frame) {
        WebSocket current = socket;
        if (current != null) {
            try {
                current.sendText(frame.toString(), true).get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // the connection broke: onClose/onError reconnects
            }
        }
    }

    private static ObjectNode frame(String type) {
        return JSON.createObjectNode().put("type", type);
    }

    void stop() {
        stopped = true;
        WebSocket current = socket;
        if (current != null) {
            current.abort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
