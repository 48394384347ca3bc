package io.gmq.im.bench.load;

import java.net.ConnectException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;

/**
 * One simulated user's WebSocket to a comet: connects with a bearer token, heartbeats as the welcome frame asks,
 * joins a room, sends, and on each message frame records latency, repeats and order into the {@link Tally}. Its
 * callbacks run on the connection's event loop.
 */
final class Client {

    final String user;
    private final Vertx vertx;
    private final Tally tally;
    private volatile Promise<Void> welcome = Promise.promise();
    private final Map<String, SeqTrack> tracks = new HashMap<>(4);
    private volatile WebSocket socket;
    private volatile Context context;
    private volatile boolean open;
    private Promise<Void> joining;
    private volatile Room room;
    private long heartbeatTimer = -1;
    private long ackTimer = -1;
    private long inboxAcked;

    Client(Vertx vertx, Tally tally, String user) {
        this.vertx = vertx;
        this.tally = tally;
        this.user = user;
    }

    /**
     * One connect attempt: completes on the welcome frame; fails with the kind of failure: refused, http-401,
     * close-4003, timeout… (a later attempt replaces an earlier one).
     */
    Future<Void> connect(WebSocketClient client, String host, int port, String token, long timeoutMillis) {
        long started = Frames.now();
        Promise<Void> attempt = Promise.promise();
        welcome = attempt;
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(host).setPort(port)
                .setURI("/ws?device=bench").addHeader("Authorization", "Bearer " + token).setTimeout(timeoutMillis);
        client.connect(options).onSuccess(ws -> {
            if (attempt.future().isComplete()) {
                ws.close();
                return;
            }
            socket = ws;
            context = vertx.getOrCreateContext();
            open = true;
            ws.textMessageHandler(this::onText);
            ws.closeHandler(v -> {
                if (socket == ws) {
                    onClose(ws.closeStatusCode() == null ? -1 : ws.closeStatusCode());
                }
            });
            ws.exceptionHandler(e -> {
            });
        }).onFailure(e -> attempt.tryFail(kind(e)));
        vertx.setTimer(timeoutMillis, t -> {
            WebSocket ws = socket;
            if (attempt.tryFail("timeout") && ws != null && open) {
                ws.close();
            }
        });
        return attempt.future().onSuccess(v -> tally.connectMicros.recordValue((Frames.now() - started) / 1000));
    }

    /** Joins {@code room}; completes on the joined frame, fails with error-CODE, closed or timeout. */
    Future<Void> join(Room room, long timeoutMillis) {
        Promise<Void> promise = Promise.promise();
        Context on = context;
        if (on == null) {
            return Future.failedFuture("closed");
        }
        on.runOnContext(v -> {
            joining = promise;
            if (!open) {
                promise.tryFail("closed");
                return;
            }
            socket.writeTextMessage(Frames.join(room.name));
            vertx.setTimer(timeoutMillis, t -> promise.tryFail("timeout"));
        });
        return promise.future().onSuccess(v -> {
            this.room = room;
            room.members.incrementAndGet();
        });
    }

    /** Sends a text frame now (thread-safe: Vert.x runs the write on the connection's event loop). */
    void send(String frame) {
        WebSocket ws = socket;
        if (open && ws != null) {
            ws.writeTextMessage(frame);
        }
    }

    /** Acknowledges the inbox every second, as an app does, so its messages are marked read. */
    void ackInboxEverySecond() {
        // Each client at its own phase, as apps that ack when they read: 200 acks in the same millisecond every
        // second would measure a burst no real population sends.
        long phase = ThreadLocalRandom.current().nextLong(1000) + 1;
        context.runOnContext(v -> ackTimer = vertx.setPeriodic(phase, 1000, t -> {
            SeqTrack inbox = tracks.get("u:" + user);
            if (inbox != null && inbox.max() > inboxAcked) {
                inboxAcked = inbox.max();
                send(Frames.ack(inboxAcked));
            }
        }));
    }

    /** The seqs seen so far per conversation (read after the traffic stopped). */
    Map<String, SeqTrack> tracks() {
        return tracks;
    }

    boolean isOpen() {
        return open;
    }

    boolean inRoom() {
        return room != null;
    }

    Future<Void> close() {
        WebSocket ws = socket;
        return open && ws != null ? ws.close() : Future.succeededFuture();
    }

    private void onText(String frame) {
        if (Frames.isMessage(frame)) {
            onMessage(frame);
            return;
        }
        switch (Frames.type(frame)) {
            case "welcome" -> {
                long heartbeat = Math.max(3000, Frames.number(frame, "heartbeat"));
                long every = heartbeat / 3;
                heartbeatTimer = vertx.setPeriodic(ThreadLocalRandom.current().nextLong(every) + 1, every,
                        t -> send(Frames.HEARTBEAT));
                welcome.tryComplete();
            }
            case "joined" -> {
                if (joining != null) {
                    joining.tryComplete();
                }
            }
            case "ack" -> tally.acked(Frames.text(frame, "cid"));
            case "error" -> {
                String ref = Frames.text(frame, "ref");
                long code = Frames.number(frame, "code");
                if (ref == null && joining != null && !joining.future().isComplete()) {
                    joining.tryFail("error-" + code);
                } else {
                    tally.error(code, ref);
                }
            }
            default -> {
                // heartbeat answers, acked, recovered, left, disconnect (its close follows)
            }
        }
    }

    private void onMessage(String frame) {
        long now = Frames.now();
        tally.messageFrames.increment();
        int body = Frames.bodyStart(frame);
        if (body < 0) {
            tally.foreignMessages.increment();
            return;
        }
        String conversation = Frames.text(frame, "conversation");
        if (room == null && conversation != null && conversation.startsWith("r:")) {
            // a member the comet has although its join was refused (e.g. 1009 after logic stored it): not expected
            tally.unjoinedDeliveries.increment();
            return;
        }
        StepStats step = tally.step(Frames.step(frame, body));
        SeqTrack track = tracks.computeIfAbsent(conversation, c -> new SeqTrack());
        switch (track.add(Frames.number(frame, "seq"))) {
            case DUPLICATE -> step.duplicates.increment();
            case REORDERED -> {
                step.reordered.increment();
                step.deliver(now, Frames.stamp(frame, body));
            }
            case FIRST -> step.deliver(now, Frames.stamp(frame, body));
        }
    }

    private void onClose(int code) {
        boolean wasOpen = open;
        open = false;
        vertx.cancelTimer(heartbeatTimer);
        vertx.cancelTimer(ackTimer);
        if (!welcome.tryFail("close-" + code) && wasOpen && welcome.future().succeeded()) {
            tally.closed(code);
        }
        if (joining != null) {
            joining.tryFail("close-" + code);
        }
        if (room != null) {
            room.members.decrementAndGet();
        }
    }

    private static String kind(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UpgradeRejectedException rejected) {
                return "http-" + rejected.getStatus();
            }
            if (t instanceof ConnectException) {
                return "refused";
            }
            if (t.getClass().getSimpleName().contains("Timeout") || String.valueOf(t.getMessage()).contains("timed out")) {
                return "timeout";
            }
        }
        return "other-" + e.getClass().getSimpleName();
    }
}
