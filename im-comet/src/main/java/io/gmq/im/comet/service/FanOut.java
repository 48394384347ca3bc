package io.gmq.im.comet.service;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.gmq.im.comet.websocket.FrameCodec;
import io.gmq.proto.im.comet.v1.DeliverReply;
import io.gmq.proto.im.comet.v1.DeliverRequest;
import io.gmq.proto.im.comet.v1.Delivery;
import io.gmq.proto.im.v1.Message;

/**
 * Writes push's deliveries to the local sessions: each message encoded once per comet, and all the writes for the
 * sessions of one event loop done in one task on that loop, so a write costs no thread hop of its own. Tasks on an
 * event loop run in submission order, so each session sees the messages in delivery order.
 */
@ApplicationScoped
public class FanOut {

    private final Bucket bucket;
    private final RecoveryService recovery;

    public FanOut(Bucket bucket, RecoveryService recovery) {
        this.bucket = bucket;
        this.recovery = recovery;
    }

    /** Queues every write of the request; completes with the counts once each event loop has done its share. */
    public CompletionStage<DeliverReply> deliver(DeliverRequest request) {
        Map<Executor, List<Batch>> perLoop = new IdentityHashMap<>();
        List<Batch> inline = new ArrayList<>();
        for (Delivery delivery : request.getDeliveriesList()) {
            List<Message> messages = delivery.getMessagesList();
            List<String> frames = messages.stream().map(FrameCodec::message).toList();
            Map<Executor, List<Session>> byLoop = new IdentityHashMap<>();
            for (Session session : targets(delivery)) {
                Executor loop = session.eventLoop();
                if (loop == null) {
                    inline.add(new Batch(messages, frames, List.of(session)));
                } else {
                    byLoop.computeIfAbsent(loop, l -> new ArrayList<>()).add(session);
                }
            }
            byLoop.forEach((loop, sessions) -> perLoop.computeIfAbsent(loop, l -> new ArrayList<>())
                    .add(new Batch(messages, frames, sessions)));
        }
        Counts counts = new Counts(perLoop.size());
        inline.forEach(batch -> write(batch, counts));
        if (perLoop.isEmpty()) {
            counts.result.complete(counts.reply());
        }
        perLoop.forEach((loop, batches) -> loop.execute(() -> {
            batches.forEach(batch -> write(batch, counts));
            counts.loopDone();
        }));
        return counts.result;
    }

    private Collection<Session> targets(Delivery delivery) {
        if (delivery.getEveryone()) {
            return bucket.all();
        }
        if (!delivery.getRoom().isEmpty()) {
            return bucket.inRoom(delivery.getRoom());
        }
        return delivery.getUsersList().stream().flatMap(u -> bucket.of(u).stream()).toList();
    }

    private void write(Batch batch, Counts counts) {
        for (int i = 0; i < batch.messages.size(); i++) {
            Message message = batch.messages.get(i);
            String frame = batch.frames.get(i);
            for (Session session : batch.sessions) {
                switch (session.deliver(message, frame)) {
                    case WRITTEN, HELD -> counts.queued.incrementAndGet();
                    case RECOVER -> {
                        counts.queued.incrementAndGet();
                        recovery.recoverGap(session, message.getConversation());
                    }
                    case REFUSED -> counts.slow.incrementAndGet();
                    case DUPLICATE -> {
                    }
                }
            }
        }
    }

    /** Messages of one conversation (with their frames) for the sessions of one event loop. */
    private record Batch(List<Message> messages, List<String> frames, List<Session> sessions) {
    }

    private static final class Counts {
        private final AtomicInteger queued = new AtomicInteger();
        private final AtomicInteger slow = new AtomicInteger();
        private final AtomicInteger loopsLeft;
        private final CompletableFuture<DeliverReply> result = new CompletableFuture<>();

        private Counts(int loops) {
            this.loopsLeft = new AtomicInteger(loops);
        }

        private void loopDone() {
            if (loopsLeft.decrementAndGet() == 0) {
                result.complete(reply());
            }
        }

        private DeliverReply reply() {
            return DeliverReply.newBuilder().setQueued(queued.get()).setSlowClosed(slow.get()).build();
        }
    }
}
