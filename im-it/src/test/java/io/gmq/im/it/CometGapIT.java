package io.gmq.im.it;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.gmq.proto.im.comet.v1.CometGrpc;
import io.gmq.proto.im.comet.v1.DeliverRequest;
import io.gmq.proto.im.comet.v1.Delivery;
import io.gmq.proto.im.v1.Message;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A comet's own guard on each connection's seqs, driven through its delivery API as push would call it: a missing
 * seq is fetched from storage and written in order before the newer one; a repeated seq is dropped; and the API
 * refuses callers without the internal secret.
 */
class CometGapIT extends StackTest {

    @Test
    void aMissingSeqIsRecoveredInOrderAndARepeatedOneDropped() throws Exception {
        String room = stack.id("r10");
        api.room(room, null);
        String memberToken = api.user(stack.id("m10"));
        api.join(memberToken, room);
        String conversation = "r:" + room;
        for (int i = 1; i <= 5; i++) {
            ImApi.expect(202, api.call("POST", "/api/v1/push/rooms/" + room, api.adminToken, WsClient.JSON
                    .createObjectNode().put("cid", stack.id("g10-" + i)).put("body", "m" + i)));
        }
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> new Stores(stack).roomMessages(conversation).size() == 5);
        List<Message> stored = new Stores(stack).roomMessages(conversation);

        // A user who is not a member: push never sends it this room, so every frame it gets comes from this test.
        String watcher = stack.id("w10");
        try (WsClient client = WsClient.connect(stack.ws("comet1"), api.user(watcher))) {
            client.awaitType("recovered");
            ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", stack.port("comet1")).usePlaintext()
                    .build();
            try {
                CometGrpc.CometBlockingStub comet = CometGrpc.newBlockingStub(channel)
                        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(secret()));
                deliver(comet, watcher, stored.get(2));
                deliver(comet, watcher, stored.get(4));
                Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> client.messages(conversation).size() >= 3);
                deliver(comet, watcher, stored.get(3));
                Thread.sleep(500);
                assertThat(ImEndToEndIT.seqs(client.messages(conversation)))
                        .containsExactly(stored.get(2).getSeq(), stored.get(3).getSeq(), stored.get(4).getSeq());
                assertThat(client.ofType("recovered")).extracting(f -> f.path("conversation").asText())
                        .contains(conversation);

                assertThatThrownBy(() -> CometGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                        .deliver(DeliverRequest.getDefaultInstance()))
                        .isInstanceOf(StatusRuntimeException.class).hasMessageContaining("UNAUTHENTICATED");
            } finally {
                channel.shutdownNow();
            }
        }
    }

    private static void deliver(CometGrpc.CometBlockingStub comet, String user, Message message) {
        comet.withDeadlineAfter(5, TimeUnit.SECONDS).deliver(DeliverRequest.newBuilder()
                .addDeliveries(Delivery.newBuilder().addMessages(message).addUsers(user)).build());
    }

    private static Metadata secret() {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("x-gmq-internal-secret", Metadata.ASCII_STRING_MARSHALLER), ImStack.INTERNAL_SECRET);
        return headers;
    }
}
