package io.gmq.gateway.grpc;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import com.google.protobuf.ByteString;

import io.gmq.gateway.bus.Envelope;
import io.gmq.proto.bus.v1.Ack;
import io.gmq.proto.bus.v1.BridgeFrame;
import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * One connected remote process: frames out through the stream's emitter, acks for the envelopes it was sent.
 */
final class RemoteSession {

    /** The stream ended before the remote acknowledged. */
    static final class GoneException extends Exception {
        GoneException(String message) {
            super(message);
        }
    }

    private final MultiEmitter<? super BridgeFrame> out;
    private final Map<String, CompletableFuture<Ack>> pending = new ConcurrentHashMap<>();
    private volatile boolean open = true;

    RemoteSession(MultiEmitter<? super BridgeFrame> out) {
        this.out = out;
    }

    boolean isOpen() {
        return open;
    }

    CompletableFuture<Ack> send(Envelope message) {
        CompletableFuture<Ack> ack = new CompletableFuture<>();
        pending.put(message.id(), ack);
        out.emit(BridgeFrame.newBuilder().setEnvelope(io.gmq.proto.bus.v1.Envelope.newBuilder().setId(message.id())
                .setTopic(message.topic()).setSource(message.source()).putAllHeaders(message.headers())
                .setPayload(ByteString.copyFrom(message.payload())).setTimestamp(message.timestamp())).build());
        return ack;
    }

    void forget(String id) {
        pending.remove(id);
    }

    void acked(Ack ack) {
        CompletableFuture<Ack> future = pending.remove(ack.getId());
        if (future != null) {
            future.complete(ack);
        }
    }

    void reply(Ack ack) {
        if (open) {
            out.emit(BridgeFrame.newBuilder().setAck(ack).build());
        }
    }

    void close(String why) {
        open = false;
        pending.values().forEach(f -> f.completeExceptionally(new GoneException(why)));
        pending.clear();
    }
}
