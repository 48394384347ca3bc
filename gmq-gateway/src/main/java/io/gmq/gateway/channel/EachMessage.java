package io.gmq.gateway.channel;

import java.util.function.UnaryOperator;

import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.mutiny.Multi;

/**
 * Owns how the built-in channel methods transform their stream: one plain map step per message. A method declared
 * {@code Message<O> method(Message<I>)} costs Reactive Messaging a concatenated Uni-to-Multi per message (a dozen
 * operator subscriptions and allocations); on the MQTT edge's path three such methods ran for every message. A step
 * that throws nacks its message (the channel's failure strategy decides) and the stream goes on, as before.
 */
final class EachMessage {

    private static final Message<byte[]> SKIPPED = Message.of(new byte[0]);

    private EachMessage() {
    }

    static Multi<Message<byte[]>> map(Multi<Message<byte[]>> in, UnaryOperator<Message<byte[]>> step) {
        return in.map(message -> {
            try {
                return step.apply(message);
            } catch (RuntimeException e) {
                message.nack(e);
                return SKIPPED;
            }
        }).filter(message -> message != SKIPPED);
    }
}
