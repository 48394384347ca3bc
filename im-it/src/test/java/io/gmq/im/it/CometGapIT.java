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

    @Test
    void aBurstLargerThanTheSendQueueIsCaughtUpFromStorageNotClosed() throws Exception {
        String room = stack.id("r11");
        api.room(room, null);
        String conversation = "r:" + room;
        int count = 450; // more than the IT's send queue (200), within its room history window
        for (int i = 1; i <= count; i++) {
            ImApi.expect(202, api.call("POST", "/api/v1/push/rooms/" + room, api.adminToken, WsClient.JSON
                    .createObjectNode().put("cid", stack.id("g11-" + i)).put("body", "b" + i)));
        }
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> new Stores(stack).roomMessages(conversation).size() == count);
        List<Message> stored = new Stores(stack).roomMessages(conversation);

        // Live copies with 64 KB bodies, to a client that is not reading yet: the socket's buffers fill, the send
        // queue reaches its bound, and the comet must switch the conversation to storage (where the bodies are short).
        // 28 MB in all: with 16 KB bodies (7 MB) nothing overflowed on a Linux 6.18 machine whose TCP buffers may grow
        // to 4 MB (send) and 32 MB (receive): the kernel took so much that the rest fit in the send queue.
        String padding = "x".repeat(64_000);
        List<Message> live = stored.stream().map(m -> m.toBuilder().setBody(m.getBody() + padding).build()).toList();
        String watcher = stack.id("w11");
        try (WsClient client = WsClient.connect(stack.ws("comet1"), api.user(watcher), false)) {
            ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", stack.port("comet1")).usePlaintext()
                    .build();
            try {
                CometGrpc.CometBlockingStub comet = CometGrpc.newBlockingStub(channel)
                        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(secret()));
                // 30 per call: about 2 MB, within gRPC's 4 MB message limit.
                for (int from = 0; from < count; from += 30) {
                    comet.withDeadlineAfter(10, TimeUnit.SECONDS).deliver(DeliverRequest.newBuilder().addDeliveries(
                            Delivery.newBuilder().addAllMessages(live.subList(from, from + 30)).addUsers(watcher))
                            .build());
                }
            } finally {
                channel.shutdownNow();
            }
            client.readAll();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> client.messages(conversation).size() >= count
                    || client.closed.isDone());
            Thread.sleep(300);
            assertThat(client.closed).as("closed with %s", client.ofType("disconnect")).isNotDone();
            assertThat(ImEndToEndIT.seqs(client.messages(conversation)))
                    .containsExactlyElementsOf(stored.stream().map(Message::getSeq).toList());
            assertThat(client.messages(conversation)).extracting(f -> f.path("body").asText().length() > 1000)
                    .as("some live, then the rest from storage").contains(true, false);
            assertThat(client.ofType("recovered")).extracting(f -> f.path("conversation").asText())
                    .contains(conversation);
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
