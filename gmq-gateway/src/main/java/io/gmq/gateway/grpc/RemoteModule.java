package io.gmq.gateway.grpc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.Dependent;

import io.gmq.gateway.bus.Envelope;
import io.gmq.gateway.module.Durations;
import io.gmq.gateway.module.GmqModule;
import io.gmq.gateway.module.ModuleContext;
import io.gmq.gateway.module.ModuleImpl;
import io.gmq.proto.bus.v1.Ack;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A module implemented by a process elsewhere, attached over the gRPC bus bridge ({@code gmq.bus.v1.BusBridge}).
 * Messages wait in the module's queue while no remote is attached; each is sent, then acknowledged by the remote. A
 * stream that ends before the ack gets the message again on the next connection (at least once).
 */
@Dependent
@ModuleImpl("remote")
public class RemoteModule implements GmqModule<RemoteModule.Settings> {

    /** @param secret what the remote presents in metadata x-gmq-module-secret @param ackTimeout per message */
    // Bound by Jackson from the module declaration: a native image needs it registered.
    @RegisterForReflection
    public record Settings(String secret, String ackTimeout) {
    }

    private final RemoteModules registry;
    private ModuleContext context;
    private byte[] secret;
    private long ackTimeoutMillis;
    private volatile RemoteSession session;
    private volatile boolean stopping;

    public RemoteModule(RemoteModules registry) {
        this.registry = registry;
    }

    @Override
    public Class<Settings> configType() {
        return Settings.class;
    }

    @Override
    public void start(Settings config, ModuleContext context) {
        if (config.secret() == null || config.secret().length() < 16) {
            throw new IllegalArgumentException("key 'secret': at least 16 characters (from the environment)");
        }
        this.context = context;
        this.secret = config.secret().getBytes(StandardCharsets.UTF_8);
        this.ackTimeoutMillis = Durations.parse(config.ackTimeout(), "30s", "ack-timeout").toMillis();
        registry.register(context.name(), this);
    }

    boolean accepts(String presented) {
        return presented != null && MessageDigest.isEqual(secret, presented.getBytes(StandardCharsets.UTF_8));
    }

    /** Attaches a remote; a second one replaces the first (its unacknowledged message is sent again). */
    synchronized void attach(RemoteSession next) {
        RemoteSession previous = session;
        session = next;
        if (previous != null) {
            previous.close("replaced by a new connection");
        }
        notifyAll();
        context.log().infof("GMQ-BRG-001 module %s: remote attached", context.name());
    }

    synchronized void detach(RemoteSession gone, String why) {
        gone.close(why);
        if (session == gone) {
            session = null;
            context.log().infof("GMQ-BRG-002 module %s: remote detached (%s)", context.name(), why);
        }
    }

    ModuleContext context() {
        return context;
    }

    @Override
    public void handle(Envelope message) throws Exception {
        while (true) {
            RemoteSession current = awaitSession();
            try {
                Ack ack = current.send(message).get(ackTimeoutMillis, TimeUnit.MILLISECONDS);
                if (ack.getCode() != 0) {
                    throw new IllegalStateException("remote answered " + ack.getCode() + ": " + ack.getReason());
                }
                return;
            } catch (ExecutionException gone) {
                // The stream ended before the ack: deliver again on the next connection.
            } catch (TimeoutException e) {
                current.forget(message.id());
                detach(current, "no ack for " + message.id() + " within " + Duration.ofMillis(ackTimeoutMillis));
            }
        }
    }

    private synchronized RemoteSession awaitSession() throws InterruptedException {
        while (session == null || !session.isOpen()) {
            if (stopping) {
                throw new InterruptedException("module stopping");
            }
            wait(200);
        }
        return session;
    }

    @Override
    public synchronized void stop() {
        stopping = true;
        registry.unregister(context.name(), this);
        if (session != null) {
            session.close("module stopped");
        }
        notifyAll();
    }
}
