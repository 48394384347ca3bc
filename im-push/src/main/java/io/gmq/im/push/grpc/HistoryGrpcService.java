package io.gmq.im.push.grpc;

import java.util.List;

import io.gmq.im.common.Conversations;
import io.gmq.im.common.GrpcAnswers;
import io.gmq.im.common.ImCode;
import io.gmq.im.common.ImException;
import io.gmq.im.push.config.PushConfig;
import io.gmq.im.push.repository.MessageRepository;
import io.gmq.im.push.repository.RoomHistoryRepository;
import io.gmq.im.push.service.Sequencer;
import io.gmq.proto.im.push.v1.AckReply;
import io.gmq.proto.im.push.v1.AckRequest;
import io.gmq.proto.im.push.v1.FetchReply;
import io.gmq.proto.im.push.v1.FetchRequest;
import io.gmq.proto.im.push.v1.HistoryGrpc;
import io.gmq.proto.im.v1.Message;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;

/**
 * Recovery and acknowledgement over what push stored: rooms from their bounded Redis history (complete only when
 * the gap is still inside it), inboxes and broadcasts from MongoDB.
 */
@GrpcService
@Blocking
public class HistoryGrpcService extends HistoryGrpc.HistoryImplBase {

    private final RoomHistoryRepository rooms;
    private final MessageRepository messages;
    private final Sequencer sequencer;
    private final int maxFetch;

    public HistoryGrpcService(RoomHistoryRepository rooms, MessageRepository messages, Sequencer sequencer,
            PushConfig config) {
        this.rooms = rooms;
        this.messages = messages;
        this.sequencer = sequencer;
        this.maxFetch = config.maxFetch();
    }

    @Override
    public void fetch(FetchRequest request, StreamObserver<FetchReply> response) {
        GrpcAnswers.answer(response, "fetch", () -> fetch(request));
    }

    private FetchReply fetch(FetchRequest request) {
        String conversation = request.getConversation();
        if (!Conversations.isValid(conversation)) {
            throw new ImException(ImCode.INVALID, "no conversation " + conversation);
        }
        if (Conversations.isInbox(conversation) && !Conversations.subject(conversation).equals(request.getUser())) {
            throw new ImException(ImCode.FORBIDDEN, "an inbox is readable only by its user");
        }
        int limit = request.getLimit() <= 0 ? maxFetch : Math.min(request.getLimit(), maxFetch);
        long after = Math.max(0, request.getAfterSeq());
        if (Conversations.isInbox(conversation)) {
            after = Math.max(after, messages.acked(request.getUser()));
        }
        long last = sequencer.last(conversation);
        FetchReply.Builder reply = FetchReply.newBuilder().setFromSeq(after).setComplete(true);
        if (after >= last) {
            return reply.build();
        }
        List<Message> found;
        if (Conversations.isRoom(conversation)) {
            long oldest = rooms.oldest(conversation);
            found = rooms.after(conversation, after, limit);
            if (oldest == 0 || oldest > after + 1) {
                reply.setComplete(false).setReason("history window: seq " + (after + 1) + " to "
                        + (oldest == 0 ? last : oldest - 1) + " are no longer kept");
            }
        } else {
            found = messages.after(conversation, after, limit);
        }
        if (reply.getComplete() && (found.isEmpty() || found.get(found.size() - 1).getSeq() < last)) {
            reply.setComplete(false).setReason(found.size() >= limit ? "limit reached; fetch again after the last seq"
                    : "not yet stored; fetch again");
        }
        return reply.addAllMessages(found).build();
    }

    @Override
    public void ack(AckRequest request, StreamObserver<AckReply> response) {
        GrpcAnswers.answer(response, "ack", () -> {
            // Past the last inbox message, the cursor would hide the next messages from every later connect.
            long last = sequencer.last(Conversations.inbox(request.getUser()));
            if (request.getSeq() > last) {
                throw new ImException(ImCode.INVALID,
                        "seq " + request.getSeq() + " is past the last inbox message (" + last + ")");
            }
            return AckReply.newBuilder().setAcked(messages.ack(request.getUser(), request.getSeq())).build();
        });
    }
}
