package io.gmq.im.it;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.gmq.proto.im.api.v1.ImApiGrpc;
import io.gmq.proto.im.api.v1.ListRoomsRequest;
import io.gmq.proto.im.api.v1.RoomInfo;
import io.gmq.proto.im.api.v1.RoomRequest;
import io.gmq.proto.im.api.v1.SendMessageReply;
import io.gmq.proto.im.api.v1.SendMessageRequest;
import io.gmq.proto.im.v1.Kind;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The public gRPC API of im-logic (what Envoy routes for apps and gRPC-Web): only a user token gets in (not the
 * internal secret), rooms are listed and joined as that user, and a message sent here reaches a WebSocket member
 * from that user, with the same de-duplication and authorization as every other way to send.
 */
class ImApiGrpcIT extends StackTest {

    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
            Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> IM_CODE = Metadata.Key.of("x-gmq-im-code",
            Metadata.ASCII_STRING_MARSHALLER);

    private ManagedChannel channel;

    @BeforeEach
    void open() {
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", stack.port("logic")).usePlaintext().build();
    }

    @AfterEach
    void close() {
        channel.shutdownNow();
    }

    @Test
    void onlyAUserTokenGetsIn() throws Exception {
        assertThat(refusal(ImApiGrpc.newBlockingStub(channel)).getStatus().getCode())
                .isEqualTo(Status.Code.UNAUTHENTICATED);
        Metadata secret = new Metadata();
        secret.put(Metadata.Key.of("x-gmq-internal-secret", Metadata.ASCII_STRING_MARSHALLER), ImStack.INTERNAL_SECRET);
        assertThat(refusal(ImApiGrpc.newBlockingStub(channel).withInterceptors(
                MetadataUtils.newAttachHeadersInterceptor(secret))).getStatus().getCode())
                .isEqualTo(Status.Code.UNAUTHENTICATED);
        String forged = Tokens.hs256("another-secret-of-at-least-32-bytes!!!", stack.id("f12"), Tokens.inSeconds(600));
        assertThat(refusal(as(forged)).getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    }

    @Test
    void roomsAndSendingAsTheTokensUser() throws Exception {
        String room = stack.id("r12");
        api.room(room, null);
        String sender = stack.id("s12");
        String senderToken = api.user(sender);
        String memberToken = api.user(stack.id("m12"));
        api.join(memberToken, room);
        ImApiGrpc.ImApiBlockingStub grpc = as(senderToken);

        assertThat(grpc.joinRoom(RoomRequest.newBuilder().setRoom(room).build()).getMembers()).isEqualTo(2);
        assertThat(grpc.listRooms(ListRoomsRequest.getDefaultInstance()).getRoomsList())
                .filteredOn(r -> r.getId().equals(room)).extracting(RoomInfo::getJoined).containsExactly(true);
        try (WsClient member = WsClient.connect(stack.ws("comet1"), memberToken)) {
            member.awaitType("welcome");
            SendMessageRequest message = SendMessageRequest.newBuilder().setCid(stack.id("c12")).setKind(Kind.ROOM)
                    .setRoom(room).setBody("over gRPC").build();
            SendMessageReply first = grpc.send(message);
            SendMessageReply again = grpc.send(message);
            assertThat(again.getDuplicate()).isTrue();
            assertThat(again.getId()).isEqualTo(first.getId());
            JsonNode received = member.await(f -> "over gRPC".equals(f.path("body").asText()), Duration.ofSeconds(15));
            assertThat(received.path("from").asText()).isEqualTo(sender);
            Thread.sleep(500);
            assertThat(member.messages("r:" + room)).hasSize(1);
        }

        StatusRuntimeException broadcast = catchThrowableOfType(StatusRuntimeException.class,
                () -> grpc.send(SendMessageRequest.newBuilder().setCid(stack.id("b12")).setKind(Kind.BROADCAST)
                        .setBody("to everyone").build()));
        assertThat(broadcast.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(broadcast.getTrailers().get(IM_CODE)).isEqualTo("1005");
    }

    private ImApiGrpc.ImApiBlockingStub as(String token) {
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + token);
        return ImApiGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private static StatusRuntimeException refusal(ImApiGrpc.ImApiBlockingStub stub) {
        return catchThrowableOfType(StatusRuntimeException.class,
                () -> stub.withDeadlineAfter(10, TimeUnit.SECONDS).listRooms(ListRoomsRequest.getDefaultInstance()));
    }
}
