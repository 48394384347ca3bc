package io.gmq.im.logic.grpc;

import io.gmq.im.common.GrpcAnswers;
import io.gmq.im.logic.service.RoomService;
import io.gmq.im.logic.service.SendService;
import io.gmq.im.logic.service.SessionService;
import io.gmq.proto.im.logic.v1.ConnectReply;
import io.gmq.proto.im.logic.v1.ConnectRequest;
import io.gmq.proto.im.logic.v1.DisconnectReply;
import io.gmq.proto.im.logic.v1.DisconnectRequest;
import io.gmq.proto.im.logic.v1.LogicGrpc;
import io.gmq.proto.im.logic.v1.RenewReply;
import io.gmq.proto.im.logic.v1.RenewRequest;
import io.gmq.proto.im.logic.v1.RoomReply;
import io.gmq.proto.im.logic.v1.RoomRequest;
import io.gmq.proto.im.logic.v1.SendReply;
import io.gmq.proto.im.logic.v1.SendRequest;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;

/**
 * Logic's internal gRPC API for comets (the internal secret is checked by the global interceptor); refusals carry
 * their catalogue code.
 */
@GrpcService
@Blocking
public class LogicGrpcService extends LogicGrpc.LogicImplBase {

    private final SessionService sessions;
    private final RoomService rooms;
    private final SendService send;
    private final GrpcInputs inputs;

    public LogicGrpcService(SessionService sessions, RoomService rooms, SendService send, GrpcInputs inputs) {
        this.sessions = sessions;
        this.rooms = rooms;
        this.send = send;
        this.inputs = inputs;
    }

    @Override
    public void connect(ConnectRequest request, StreamObserver<ConnectReply> response) {
        GrpcAnswers.answer(response, "connect", () -> ConnectReply.newBuilder().addAllRooms(sessions.connect(request)).build());
    }

    @Override
    public void disconnect(DisconnectRequest request, StreamObserver<DisconnectReply> response) {
        GrpcAnswers.answer(response, "disconnect", () -> {
            sessions.disconnect(request.getSession());
            return DisconnectReply.getDefaultInstance();
        });
    }

    @Override
    public void renew(RenewRequest request, StreamObserver<RenewReply> response) {
        GrpcAnswers.answer(response, "renew", () -> {
            sessions.renew(request);
            return RenewReply.newBuilder().putAllOnline(rooms.online(request.getRoomsList())).build();
        });
    }

    @Override
    public void join(RoomRequest request, StreamObserver<RoomReply> response) {
        GrpcAnswers.answer(response, "join", () -> rooms.join(request.getUser(), inputs.room(request.getRoom())));
    }

    @Override
    public void leave(RoomRequest request, StreamObserver<RoomReply> response) {
        GrpcAnswers.answer(response, "leave", () -> rooms.leave(request.getUser(), inputs.room(request.getRoom())));
    }

    @Override
    public void send(SendRequest request, StreamObserver<SendReply> response) {
        GrpcAnswers.answer(response, "send", () -> {
            inputs.send(request.getCid(), request.getKind(), request.getRoom(), request.getGroup(), request.getToList(),
                    request.getBody());
            return send.send(request);
        });
    }

}
