package io.gmq.im.comet.grpc;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import io.gmq.im.comet.service.Bucket;
import io.gmq.im.comet.service.RecoveryService;
import io.gmq.im.comet.service.Session;
import io.gmq.im.comet.websocket.FrameCodec;
import io.gmq.im.common.ImCode;
import io.gmq.proto.im.comet.v1.CometGrpc;
import io.gmq.proto.im.comet.v1.DeliverReply;
import io.gmq.proto.im.comet.v1.DeliverRequest;
import io.gmq.proto.im.comet.v1.Delivery;
import io.gmq.proto.im.comet.v1.KickReply;
import io.gmq.proto.im.comet.v1.KickRequest;
import io.gmq.proto.im.comet.v1.ListRoomsReply;
import io.gmq.proto.im.comet.v1.ListRoomsRequest;
import io.gmq.proto.im.comet.v1.MembershipReply;
import io.gmq.proto.im.comet.v1.MembershipRequest;
import io.gmq.proto.im.v1.Message;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;

/**
 * The comet's internal gRPC API: deliveries from push (each message encoded once, written in order to the local
 * sessions of its room, of the listed users or of everyone; a repeated seq is dropped, a missing one recovered),
 * membership changes and kicks from logic, and the rooms its connections joined.
 */
@GrpcService
public class CometGrpcService extends CometGrpc.CometImplBase {

    private final Bucket bucket;
    private final RecoveryService recovery;

    public CometGrpcService(Bucket bucket, RecoveryService recovery) {
        this.bucket = bucket;
        this.recovery = recovery;
    }

    @Override
    public void deliver(DeliverRequest request, StreamObserver<DeliverReply> response) {
        int queued = 0;
        int slow = 0;
        for (Delivery delivery : request.getDeliveriesList()) {
            Collection<Session> targets = targets(delivery);
            for (Message message : delivery.getMessagesList()) {
                String frame = FrameCodec.message(message);
                for (Session session : targets) {
                    switch (session.deliver(message, frame)) {
                        case WRITTEN, HELD -> queued++;
                        case RECOVER -> {
                            queued++;
                            recovery.recoverGap(session, message.getConversation());
                        }
                        case REFUSED -> slow++;
                        case DUPLICATE -> {
                        }
                    }
                }
            }
        }
        response.onNext(DeliverReply.newBuilder().setQueued(queued).setSlowClosed(slow).build());
        response.onCompleted();
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

    @Override
    public void membership(MembershipRequest request, StreamObserver<MembershipReply> response) {
        int updated = 0;
        for (Session session : bucket.following(request.getUser())) {
            request.getJoinedList().forEach(room -> bucket.join(session, room));
            request.getLeftList().forEach(room -> bucket.leave(session, room));
            updated++;
        }
        response.onNext(MembershipReply.newBuilder().setSessions(updated).build());
        response.onCompleted();
    }

    @Override
    public void kick(KickRequest request, StreamObserver<KickReply> response) {
        int closed = 0;
        for (Session session : bucket.of(request.getUser())) {
            session.close(ImCode.KICKED, request.getReason());
            closed++;
        }
        response.onNext(KickReply.newBuilder().setClosed(closed).build());
        response.onCompleted();
    }

    @Override
    public void listRooms(ListRoomsRequest request, StreamObserver<ListRoomsReply> response) {
        Map<String, Integer> rooms = new HashMap<>();
        bucket.all().forEach(s -> s.rooms().forEach(r -> rooms.merge(r, 1, Integer::sum)));
        response.onNext(ListRoomsReply.newBuilder().putAllConnections(rooms).build());
        response.onCompleted();
    }
}
