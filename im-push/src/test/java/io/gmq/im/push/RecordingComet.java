package io.gmq.im.push;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.gmq.proto.im.comet.v1.CometGrpc;
import io.gmq.proto.im.comet.v1.DeliverReply;
import io.gmq.proto.im.comet.v1.DeliverRequest;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;

/**
 * A comet's Deliver endpoint served by the test application itself, so push's fan-out makes real gRPC calls to
 * something that records what it was handed.
 */
@GrpcService
public class RecordingComet extends CometGrpc.CometImplBase {

    static final List<DeliverRequest> RECEIVED = new CopyOnWriteArrayList<>();

    @Override
    public void deliver(DeliverRequest request, StreamObserver<DeliverReply> response) {
        RECEIVED.add(request);
        response.onNext(DeliverReply.newBuilder().setQueued(request.getDeliveriesCount()).build());
        response.onCompleted();
    }
}
