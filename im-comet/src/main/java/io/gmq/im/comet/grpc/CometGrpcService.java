package io.gmq.im.comet.grpc;

import java.util.HashMap;
import java.util.Map;

import io.gmq.im.comet.service.Bucket;
import io.gmq.im.comet.service.FanOut;
import io.gmq.im.comet.service.Session;
import io.gmq.im.common.ImCode;
import io.gmq.proto.im.comet.v1.CometGrpc;
import io.gmq.proto.im.comet.v1.DeliverReply;
import io.gmq.proto.im.comet.v1.DeliverRequest;
import io.gmq.proto.im.comet.v1.KickReply;
import io.gmq.proto.im.comet.v1.KickRequest;
import io.gmq.proto.im.comet.v1.ListRoomsReply;
import io.gmq.proto.im.comet.v1.ListRoomsRequest;
import io.gmq.proto.im.comet.v1.MembershipReply;
import io.gmq.proto.im.comet.v1.MembershipRequest;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The comet's internal gRPC API: deliveries from push (each message encoded once, written in order to the local
 * sessions of its room, of the listed users or of everyone; a repeated seq is dropped, a missing one recovered),
 * membership changes and kicks from logic, and the rooms its connections joined.
 */
@GrpcService
public class CometGrpcService extends CometGrpc.CometImplBase {

    private final Bucket bucket;
    private final FanOut fanOut;

    public CometGrpcService(Bucket bucket, FanOut fanOut) {
        this.bucket = bucket;
        this.fanOut = fanOut;
    }

    @Override
    public void deliver(DeliverRequest request, StreamObserver<DeliverReply> response) {
        Context context = Vertx.currentContext();
        fanOut.deliver(request).whenComplete((reply, failure) -> {
            // Answer on the call's own context, whichever event loop finished last.
            Runnable answer = () -> {
                if (failure != null) {
                    response.onError(failure);
                } else {
                    response.onNext(reply);
                    response.onCompleted();
                }
            };
            if (context == null) {
                answer.run();
            } else {
                context.runOnContext(v -> answer.run());
            }
        });
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
