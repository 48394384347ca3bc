package io.gmq.im.logic;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.gmq.proto.im.comet.v1.CometGrpc;
import io.gmq.proto.im.comet.v1.MembershipReply;
import io.gmq.proto.im.comet.v1.MembershipRequest;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;

/**
 * A comet's Membership endpoint served by the test application itself, so logic's membership updates are real gRPC
 * calls to something that records them.
 */
@GrpcService
public class RecordingComet extends CometGrpc.CometImplBase {

    static final List<MembershipRequest> RECEIVED = new CopyOnWriteArrayList<>();

    @Override
    public void membership(MembershipRequest request, StreamObserver<MembershipReply> response) {
        RECEIVED.add(request);
        response.onNext(MembershipReply.newBuilder().setSessions(1).build());
        response.onCompleted();
    }
}
