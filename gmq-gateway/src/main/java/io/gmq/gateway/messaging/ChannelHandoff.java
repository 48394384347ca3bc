package io.gmq.gateway.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

import io.gmq.gateway.modules.mqtt.InboundHandoff;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.mqtt.messages.MqttPublishMessage;

/**
 * Hands messages from the broker to an incoming {@code gmq-mqtt} channel: each batch is emitted in order and settled
 * when every message of it is acknowledged downstream (for the edge, once the bus took it). A nacked message cannot be
 * published at all (no topic, outside the publish list): it is acknowledged to the broker, dropped, counted and
 * logged, since holding it would stall the broker's window for good. At a stop the batch stays unsettled and the
 * broker delivers it again.
 */
final class ChannelHandoff implements InboundHandoff {

    private static final Logger LOG = Logger.getLogger(ChannelHandoff.class);

    private final String channel;
    private final LongAdder emitted = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private volatile MultiEmitter<? super Message<byte[]>> emitter;
    private volatile boolean running = true;

    ChannelHandoff(String channel) {
        this.channel = channel;
    }

    void attach(MultiEmitter<? super Message<byte[]>> emitter) {
        this.emitter = emitter;
    }

    @Override
    public boolean handOff(List<MqttPublishMessage> batch) throws InterruptedException {
        List<CompletableFuture<Throwable>> outcomes = new ArrayList<>(batch.size());
        for (MqttPublishMessage message : batch) {
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            outcomes.add(outcome);
            IncomingMqttMetadata metadata = new IncomingMqttMetadata(message.topicName(), message.qosLevel().value(),
                    message.isDup());
            emitter.emit(Message.of(message.payload().getBytes(), Metadata.of(metadata), () -> {
                outcome.complete(null);
                return CompletableFuture.completedFuture(null);
            }, failure -> {
                outcome.complete(failure == null ? new IllegalStateException("nacked") : failure);
                return CompletableFuture.completedFuture(null);
            }));
            emitted.increment();
        }
        for (int i = 0; i < outcomes.size(); i++) {
            Throwable failure = await(outcomes.get(i));
            if (!running) {
                return false;
            }
            if (failure != null) {
                dropped.increment();
                LOG.warnf("GMQ-MQT-005 channel %s: a message from %s cannot be published (%s): acknowledged and"
                        + " dropped, %d so far", channel, batch.get(i).topicName(), failure.getMessage(), dropped.sum());
            }
        }
        return true;
    }

    @Override
    public void stop() {
        running = false;
    }

    long emitted() {
        return emitted.sum();
    }

    long dropped() {
        return dropped.sum();
    }

    private Throwable await(CompletableFuture<Throwable> outcome) throws InterruptedException {
        while (true) {
            try {
                return outcome.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (!running) {
                    return null;
                }
            } catch (java.util.concurrent.ExecutionException e) {
                return e.getCause();
            }
        }
    }
}
