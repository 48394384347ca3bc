package io.gmq.gateway.modules.mqtt;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.mqtt.MqttClient;

/**
 * Owns the way from the bus to the broker: at most {@code window} QoS1 messages are on their way at once, each held
 * until its PUBACK; a sender waits for room instead of failing. Messages of a lost connection (sent, not acknowledged)
 * and those offered while disconnected are sent again, first, on the next connection: at least once while the
 * gateway runs. The bookkeeping runs on the session's event loop; only {@link #send} and {@link #awaitIdle} block.
 */
public final class OutboundWindow {

    private record Pending(String topic, byte[] payload, CompletableFuture<Void> done) {
    }

    private final BrokerSession session;
    private final MqttQoS qos;
    private final int window;
    private final Semaphore room;
    /** Sent on the current connection, by packet id, oldest first; event loop only. */
    private final Map<Integer, Pending> inflight = new LinkedHashMap<>();
    /** PUBACKs that came in before the write of their PUBLISH completed; event loop only. */
    private final Set<Integer> earlyAcks = new HashSet<>();
    /** To send on the next connection (bounded by the window: each holds a permit); event loop only. */
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    /** Handed over by senders, not yet taken by the event loop: one event-loop task drains many. */
    private final ConcurrentLinkedQueue<Pending> handed = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    /** The connection whose resends went out first ({@link #connected}); senders write to it directly. */
    private volatile MqttClient ready;

    public OutboundWindow(BrokerSession session, MqttQoS qos, int window) {
        this.session = session;
        this.qos = qos;
        this.window = window;
        this.room = new Semaphore(window);
    }

    /**
     * From the sender's thread (never an event loop): waits (interruptibly) for room in the window, then writes the
     * message, or hands it to the event loop while there is no ready connection. The result completes when the broker
     * acknowledged it (QoS1) or it was written (QoS0).
     */
    public CompletableFuture<Void> send(String topic, byte[] payload) throws InterruptedException {
        if (qos == MqttQoS.AT_MOST_ONCE) {
            // At most once: no PUBACK to wait for, but the broker must be there (the module's queue holds the rest).
            while (session.client() == null) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
        } else {
            room.acquire();
        }
        return dispatch(new Pending(topic, payload, new CompletableFuture<>()));
    }

    /** Like {@link #send}, from any thread (an event loop included), but never waits: null where send would wait. */
    public CompletableFuture<Void> trySend(String topic, byte[] payload) {
        if (qos == MqttQoS.AT_MOST_ONCE ? session.client() == null : !room.tryAcquire()) {
            return null;
        }
        return dispatch(new Pending(topic, payload, new CompletableFuture<>()));
    }

    private CompletableFuture<Void> dispatch(Pending message) {
        MqttClient client = ready;
        // Written from a thread other than the connection's event loop, Vert.x queues the write to that loop and
        // flushes only the last of a burst: one write system call for many PUBLISHes instead of one each (the event
        // loop flushes every write it makes outside a read). Only while nothing waits for the event loop, so the
        // order holds.
        if (client != null && client == session.client() && handed.isEmpty() && client.isConnected()) {
            try {
                write(client, message);
                return message.done();
            } catch (RuntimeException raced) {
                // The connection closed between the check and the write: the event loop decides what to do with it.
            }
        }
        handOver(message);
        return message.done();
    }

    private void handOver(Pending message) {
        handed.add(message);
        if (draining.compareAndSet(false, true)) {
            session.context().runOnContext(v -> drain());
        }
    }

    /** On the event loop: sends everything handed over so far (cleared first, so a later hand-over schedules again). */
    private void drain() {
        draining.set(false);
        Pending next;
        while ((next = handed.poll()) != null) {
            publish(next);
        }
    }

    /** Called on a new connection: what was in flight or waiting goes out first. */
    public void connected(MqttClient client) {
        client.publishCompletionHandler(this::acknowledged);
        int count = waiting.size();
        for (int i = 0; i < count; i++) {
            publish(waiting.poll());
        }
        ready = client;
    }

    /** Called when the connection is lost: everything unacknowledged waits for the next one. */
    public void lost() {
        ready = null;
        ArrayDeque<Pending> again = new ArrayDeque<>(inflight.values());
        again.addAll(waiting);
        waiting.clear();
        waiting.addAll(again);
        inflight.clear();
        earlyAcks.clear();
    }

    /** Waits until every message handed over is acknowledged; false if some are still unacknowledged. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        if (!room.tryAcquire(window, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return false;
        }
        room.release(window);
        return true;
    }

    /** Messages handed over and not yet acknowledged by the broker. */
    public int unacknowledged() {
        return window - room.availablePermits();
    }

    /** On the event loop. */
    private void publish(Pending message) {
        MqttClient client = session.client();
        if (client == null || !client.isConnected()) {
            if (qos == MqttQoS.AT_MOST_ONCE) {
                message.done().completeExceptionally(new IllegalStateException("not connected to " + session.address()));
            } else {
                waiting.add(message);
            }
            return;
        }
        write(client, message);
    }

    /** From any thread; the outcome is handled on the event loop. */
    private void write(MqttClient client, Pending message) {
        client.publish(message.topic(), PayloadBytes.toSend(message.payload()), qos, false, false).onComplete(ar -> {
            if (qos == MqttQoS.AT_MOST_ONCE) {
                if (ar.succeeded()) {
                    message.done().complete(null);
                } else {
                    message.done().completeExceptionally(ar.cause());
                }
            } else if (ar.failed() && client == session.client() && client.isConnected()) {
                // Refused by the client while connected (should not happen within the window): try again shortly.
                session.context().owner().setTimer(100, id -> publish(message));
            } else if (ar.failed()) {
                // The write failed: the connection is going away; lost() has run or will, so keep it for the next.
                waiting.add(message);
            } else if (client != session.client()) {
                // Written on a connection that has been replaced meanwhile: its PUBACK will never come.
                waiting.add(message);
            } else if (earlyAcks.remove(ar.result())) {
                room.release();
                message.done().complete(null);
            } else {
                inflight.put(ar.result(), message);
            }
        });
    }

    private void acknowledged(int packetId) {
        session.heard();
        Pending message = inflight.remove(packetId);
        if (message != null) {
            room.release();
            message.done().complete(null);
        } else {
            earlyAcks.add(packetId);
        }
    }
}
