package io.gmq.gateway.module;

import io.gmq.gateway.bus.Envelope;

/**
 * A Java ("inner") gateway module: a {@code @Dependent} CDI bean qualified with {@link ModuleImpl}. The runtime
 * creates a fresh instance on every start, binds the module's own configuration keys to {@link #configType()} (an
 * unknown key fails the start), and calls {@link #handle} for each message from its queue, one at a time.
 *
 * @param <C> the module's typed configuration (a record or bean; {@link NoConfig} when it has none)
 */
public interface GmqModule<C> {

    /** The type the module's own keys bind to (kebab-case keys to camelCase fields). */
    Class<C> configType();

    /** Called once per start, before any message; throwing fails the module with that reason. */
    void start(C config, ModuleContext context) throws Exception;

    /** Handles one message; throwing counts the message as failed (logged with its id and topic). */
    void handle(Envelope message) throws Exception;

    /** Called every {@code tick-interval} when configured, on the module's own thread, between messages. */
    default void tick() throws Exception {
    }

    /** Called once when the module stops, after its last message. */
    default void stop() throws Exception {
    }
}
