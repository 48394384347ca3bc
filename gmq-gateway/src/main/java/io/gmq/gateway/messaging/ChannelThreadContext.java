package io.gmq.gateway.messaging;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.context.ThreadContext;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.context.CleanAutoCloseable;
import io.smallrye.context.SmallRyeContextManagerProvider;
import io.smallrye.context.SmallRyeThreadContext;
import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * Owns the thread context the channel streams run under: an empty one. Mutiny wraps every callback of a stream
 * assembled, and of each per-message Uni a mediator creates, so that it captures the current contexts (CDI request,
 * transaction, Vert.x) and restores them around each call. On the MQTT edge's path a profile put that at 14 % of the
 * gateway's CPU samples, for contexts that are never active there: Reactive Messaging wires its streams with the
 * request context deactivated, and connectors emit from event loops and the bus's own threads. With an empty context
 * Mutiny leaves callbacks as they are: the streams are wired with it, the bus and MQTT connectors emit under it, and
 * the bus's own threads (which drain buffered messages downstream when they ask for more) run under it. A channel
 * method still runs with whatever its own thread has active (a {@code @Blocking} one on a worker, as before).
 */
@ApplicationScoped
public class ChannelThreadContext {

    /** Just before Reactive Messaging wires the channels: its lifecycle observes at 1000 (LIBRARY_BEFORE). */
    static final int BEFORE_WIRING = 999;
    static final int AFTER_WIRING = 1001;

    private CleanAutoCloseable wiring;

    void beforeWiring(@Observes @Priority(BEFORE_WIRING) StartupEvent event) {
        wiring = SmallRyeThreadContext.withThreadContext(Empty.CONTEXT);
    }

    void afterWiring(@Observes @Priority(AFTER_WIRING) StartupEvent event) {
        if (wiring != null) {
            wiring.close();
            wiring = null;
        }
    }

    /** Emits {@code item} so that the per-message operators created downstream capture nothing. */
    static <T> void emit(MultiEmitter<? super T> emitter, T item) {
        try (CleanAutoCloseable scope = SmallRyeThreadContext.withThreadContext(Empty.CONTEXT)) {
            emitter.emit(item);
        }
    }

    /** Runs {@code body}, the loop of a thread of ours that drives channel streams, under the empty context. */
    static void run(Runnable body) {
        SmallRyeThreadContext.withThreadContext(Empty.CONTEXT, body);
    }

    /** Built on first use: the context manager is set up at runtime start. */
    private static final class Empty {
        static final SmallRyeThreadContext CONTEXT = SmallRyeContextManagerProvider.getManager()
                .newThreadContextBuilder().propagated().cleared().unchanged(ThreadContext.ALL_REMAINING).build();
    }
}
