package io.gmq.im.logic.grpc;

import java.util.Set;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.gmq.im.common.GrpcAnswers;
import io.gmq.im.logic.entity.Room;
import io.gmq.im.logic.service.RoomService;
import io.gmq.im.logic.service.SendService;
import io.gmq.proto.im.api.v1.ImApiGrpc;
import io.gmq.proto.im.api.v1.ListRoomsReply;
import io.gmq.proto.im.api.v1.ListRoomsRequest;
import io.gmq.proto.im.api.v1.RoomInfo;
import io.gmq.proto.im.api.v1.RoomReply;
import io.gmq.proto.im.api.v1.RoomRequest;
import io.gmq.proto.im.api.v1.SendMessageReply;
import io.gmq.proto.im.api.v1.SendMessageRequest;
import io.gmq.proto.im.logic.v1.SendReply;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;

/**
 * The public IM API over gRPC (gRPC-Web through Envoy): rooms and sending as the bearer token's user, under the same
 * rules as the HTTP API. The token is verified by the HTTP layer (smallrye-jwt) before a call gets here; the
 * internal-secret interceptor lets this service through for that reason.
 */
@GrpcService
@Blocking
@Authenticated
public class ImApiGrpcService extends ImApiGrpc.ImApiImplBase {

    private final RoomService rooms;
    private final SendService send;
    private final JsonWebToken token;
    private final GrpcInputs inputs;

    public ImApiGrpcService(RoomService rooms, SendService send, JsonWebToken token, GrpcInputs inputs) {
        this.rooms = rooms;
        this.send = send;
        this.token = token;
        this.inputs = inputs;
    }

    @Override
    public void listRooms(ListRoomsRequest request, StreamObserver<ListRoomsReply> response) {
        GrpcAnswers.answer(response, "listRooms", () -> {
            Set<String> joined = rooms.roomsOf(token.getSubject());
            ListRoomsReply.Builder reply = ListRoomsReply.newBuilder();
            for (Room room : rooms.list()) {
                reply.addRooms(RoomInfo.newBuilder().setId(room.id).setTitle(orEmpty(room.title))
                        .setGroup(orEmpty(room.groupId)).setOnline(rooms.online(room.id))
                        .setJoined(joined.contains(room.id)));
            }
            return reply.build();
        });
    }

    @Override
    public void joinRoom(RoomRequest request, StreamObserver<RoomReply> response) {
        GrpcAnswers.answer(response, "joinRoom", () -> counts(rooms.join(token.getSubject(), inputs.room(request.getRoom()))));
    }

    @Override
    public void leaveRoom(RoomRequest request, StreamObserver<RoomReply> response) {
        GrpcAnswers.answer(response, "leaveRoom",
                () -> counts(rooms.leave(token.getSubject(), inputs.room(request.getRoom()))));
    }

    @Override
    public void send(SendMessageRequest request, StreamObserver<SendMessageReply> response) {
        GrpcAnswers.answer(response, "send", () -> {
            inputs.send(request.getCid(), request.getKind(), request.getRoom(), request.getGroup(), request.getToList(),
                    request.getBody());
            SendReply reply = send.send(SendService.from(token).setCid(request.getCid()).setKind(request.getKind())
                    .setRoom(request.getRoom()).setGroup(request.getGroup())
                    .addAllTo(request.getToList()).setBody(request.getBody()).build());
            return SendMessageReply.newBuilder().setId(reply.getId()).setTs(reply.getTs())
                    .setDuplicate(reply.getDuplicate()).build();
        });
    }

    private static RoomReply counts(io.gmq.proto.im.logic.v1.RoomReply reply) {
        return RoomReply.newBuilder().setRoom(reply.getRoom()).setOnline(reply.getOnline())
                .setMembers(reply.getMembers()).build();
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
