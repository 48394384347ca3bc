package io.gmq.gateway.modules.mqtt;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

import org.jboss.logging.Logger;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttConnAckMessage;

/**
 * Owns the connection of one MQTT bridge to its broker: a persistent session (stable client id, clean session off),
 * a fresh {@link MqttClient} per connection, reconnection with exponential backoff, and one log line when the broker
 * is lost (with the cause) and one when it is back. Its methods run on the session's own Vert.x context; only
 * {@link #client()}, {@link #paused()}, {@link #context()}, {@link #start()} and {@link #stop()} may be called from
 * other threads.
 */
public final class BrokerSession {

    private final Vertx vertx;
    private final Context context;
    private final MqttClientOptions options;
    private final String host;
    private final int port;
    private final Map<String, Integer> subscriptions;
    private final Outage outage;
    private final String module;
    private final Logger log;
    private final SessionListener listener;
    private final CompletableFuture<Void> firstConnect = new CompletableFuture<>();
    /** Read by the sending thread too (outbound QoS0 waits for a connection); written on the event loop only. */
    private volatile MqttClient client;
    private long generation;
    private boolean running;
    private boolean subscribedOnce;
    private boolean retryFirst;
    private boolean unreachableLogged;
    private String cause;
    private volatile boolean paused;
    private boolean readingStopped;
    private long pausedSince;
    private long readPauseMicros;
    private final LongAdder readPauses = new LongAdder();
    private BrokerContacts.Contact contact = new BrokerContacts.Contact();
    /** What the current connection's packets carry to {@code contact}; -1 (never counted) until a CONNACK. */
    private int contactMark = -1;

    public BrokerSession(Vertx vertx, MqttClientOptions options, String host, int port, Map<String, Integer> subscriptions,
            Duration backoffMin, Duration backoffMax, String label, Logger log, SessionListener listener) {
        // A context of its own (whatever thread starts the module): the client, its timers and the bridge's
        // bookkeeping share one event-loop thread, so none of them needs a lock.
        this(vertx, ((VertxInternal) vertx).createEventLoopContext(), options, host, port, subscriptions, backoffMin,
                backoffMax, label, log, listener);
    }

    /** On {@code context}, an event-loop context that other sessions may share (their state stays on its thread). */
    public BrokerSession(Vertx vertx, Context context, MqttClientOptions options, String host, int port,
            Map<String, Integer> subscriptions, Duration backoffMin, Duration backoffMax, String label, Logger log,
            SessionListener listener) {
        this.vertx = vertx;
        this.context = context;
        this.options = options;
        this.host = host;
        this.port = port;
        this.subscriptions = subscriptions;
        this.outage = new Outage(backoffMin, backoffMax);
        this.module = label;
        this.log = log;
        this.listener = listener;
    }

    public Context context() {
        return context;
    }

    /** Before {@link #start()}: sleeps this long after a small read turn ({@link ReadPause}); 0 reads at once. */
    public BrokerSession readPause(long micros) {
        this.readPauseMicros = micros;
        return this;
    }

    /** Before {@link #start()}: every packet from the broker is reported there (readiness, {@link BrokerContacts}). */
    public BrokerSession reportsTo(BrokerContacts.Contact contact) {
        this.contact = contact;
        return this;
    }

    /** A packet came from the broker on the current connection (one the session's handlers do not see: a PUBACK). */
    public void heard() {
        contact.heard(contactMark);
    }

    /** Connects; the future completes with the first CONNACK, or fails with the first attempt's cause. */
    public CompletableFuture<Void> start() {
        context.runOnContext(v -> {
            running = true;
            attempt();
        });
        return firstConnect;
    }

    /**
     * Connects, and goes on trying with backoff when the broker cannot be reached yet (one GMQ-MQT-014 line, then
     * GMQ-MQT-001 once connected): for a channel, which has no supervisor to start it again.
     */
    public CompletableFuture<Void> startRetrying() {
        context.runOnContext(v -> {
            retryFirst = true;
            outage.begin();
        });
        return start();
    }

    /** Stops reconnecting and sends DISCONNECT: the broker keeps the session (and QoS1 messages) for the next start. */
    public CompletableFuture<Void> stop() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        context.runOnContext(v -> {
            running = false;
            MqttClient current = client;
            client = null;
            if (current == null || !current.isConnected()) {
                done.complete(null);
                return;
            }
            current.disconnect().onComplete(ar -> done.complete(null));
        });
        return done;
    }

    /** Stops reading from the broker (backpressure): unacknowledged QoS1 messages stay with the broker. */
    public void pause() {
        if (!paused && client != null && client.isConnected()) {
            paused = true;
            pausedSince = System.nanoTime();
            client.pause();
        }
    }

    /** At stop: no more reading, for good (the broker keeps what it has not sent); resume() no longer applies. */
    public void stopReading() {
        readingStopped = true;
        pause();
    }

    public void resume() {
        if (paused && !readingStopped) {
            paused = false;
            if (client != null && client.isConnected()) {
                client.resume();
            }
        }
    }

    /** Read pauses taken so far ({@link ReadPause}), over every connection of this session. */
    public long readPauses() {
        return readPauses.sum();
    }

    public boolean paused() {
        return paused;
    }

    /** The client of the current connection, or null while disconnected. */
    public MqttClient client() {
        return client;
    }

    public long generation() {
        return generation;
    }

    public String address() {
        return host + ":" + port;
    }

    private void attempt() {
        if (!running) {
            return;
        }
        outage.attempted();
        // A new client per connection: vertx-mqtt keeps its inflight count and packet ids per instance, and a count
        // left over from a dead connection would refuse every later publish ("limit of N inflight messages").
        MqttClient next = MqttClient.create(vertx, options);
        long nextGeneration = generation + 1;
        next.publishHandler(m -> {
            contact.heard(contactMark);
            listener.message(m, nextGeneration);
        });
        next.pingResponseHandler(v -> contact.heard(contactMark));
        next.exceptionHandler(e -> cause = Outage.describe(e));
        next.closeHandler(v -> closed(next));
        next.connect(port, host).onComplete(ar -> {
            if (ar.succeeded() && running) {
                connected(next, nextGeneration, ar.result());
            } else if (ar.succeeded()) {
                next.disconnect();
            } else {
                outage.failed(ar.cause());
                if (!firstConnect.isDone() && !retryFirst) {
                    firstConnect.completeExceptionally(ar.cause());
                    running = false;
                    return;
                }
                if (!firstConnect.isDone() && !unreachableLogged) {
                    unreachableLogged = true;
                    log.warnf("GMQ-MQT-014 %s cannot reach broker %s yet: %s; trying again with backoff up to %d ms",
                            module, address(), Outage.describe(ar.cause()), outage.maxMillis());
                }
                retryLater();
            }
        });
    }

    private void connected(MqttClient next, long nextGeneration, MqttConnAckMessage ack) {
        contactMark = contact.connected();
        FlushBatching.install(next);
        if (!subscriptions.isEmpty()) {
            ReadPause.install(next, readPauseMicros, readPauses);
        }
        client = next;
        generation = nextGeneration;
        paused = false;
        cause = null;
        if (readingStopped) {
            pause();
        }
        // The broker remembers the subscriptions of a present session; resubscribe when it does not (a broker
        // restarted without persistence, or clean session), and once per start in case the filters changed.
        if (!subscriptions.isEmpty() && (!subscribedOnce || !ack.isSessionPresent() || options.isCleanSession())) {
            subscribedOnce = true;
            next.subscribeCompletionHandler(suback -> {
                if (suback.grantedQoSLevels().contains(0x80)) {
                    log.warnf("GMQ-MQT-011 %s: %s refused some of the subscriptions %s (granted %s)", module,
                            address(), subscriptions.keySet(), suback.grantedQoSLevels());
                }
                ready(next, nextGeneration, ack.isSessionPresent());
            });
            next.subscribe(subscriptions);
        } else {
            ready(next, nextGeneration, ack.isSessionPresent());
        }
    }

    /** Connected and subscribed: a first start completes, an outage ends with one line. */
    private void ready(MqttClient next, long nextGeneration, boolean sessionPresent) {
        if (next != client) {
            return;
        }
        if (!firstConnect.isDone()) {
            log.infof("GMQ-MQT-001 %s connected to %s as %s (session present: %s)%s", module, address(),
                    options.getClientId(), sessionPresent, unreachableLogged ? " after " + outage.end() : "");
            firstConnect.complete(null);
        } else {
            log.infof("GMQ-MQT-007 %s back on %s after %s (session present: %s)", module, address(),
                    outage.end(), sessionPresent);
        }
        listener.connected(next, nextGeneration);
    }

    private void closed(MqttClient which) {
        if (which != client) {
            return;
        }
        client = null;
        contactMark = -1;
        contact.lost();
        String why = cause != null ? cause : closeReason();
        paused = false;
        cause = null;
        listener.lost();
        if (!running) {
            return;
        }
        outage.begin();
        log.warnf("GMQ-MQT-002 %s lost broker %s: %s; reconnecting with backoff up to %d ms", module, address(),
                why, outage.maxMillis());
        retryLater();
    }

    /** Why a connection closed without an exception on our side. */
    private String closeReason() {
        long pausedMillis = paused ? (System.nanoTime() - pausedSince) / 1_000_000 : 0;
        if (pausedMillis >= options.getKeepAliveInterval() * 1000L) {
            // vertx-mqtt closes the connection itself when a PINGRESP does not come in time; a paused socket
            // reads no PINGRESP, so a bus that takes nothing for longer than the keep-alive ends here.
            return "no PINGRESP read while reading was paused for " + pausedMillis + " ms (the bus accepted nothing;"
                    + " keep-alive " + options.getKeepAliveInterval() + " s)";
        }
        return "connection closed by the broker or the network (the broker's log says why)"
                + (paused ? "; reading was paused for " + pausedMillis + " ms (backpressure)" : "");
    }

    private void retryLater() {
        vertx.setTimer(outage.nextDelayMillis(), id -> attempt());
    }
}
