package io.gmq.im.it;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing lost: offline inboxes, slow consumers, a push killed mid-stream and a comet killed under its clients.
 */
class ImRecoveryIT extends StackTest {

    @Test
    void anOfflineUserGetsItsFiftyMessagesOnceInOrderAndNotAgainAfterAck() throws Exception {
        String d = stack.id("d6");
        String tokenD = api.user(d);
        String tokenE = api.user(stack.id("e6"));
        for (int i = 0; i < 50; i++) {
            ImApi.expect(202, api.call("POST", "/api/v1/messages", tokenE, WsClient.JSON.createObjectNode()
                    .put("cid", "m" + i).put("kind", "peer").put("body", "m" + i)
                    .set("to", WsClient.JSON.createArrayNode().add(d))));
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> new Stores(stack).inbox(d).size() == 50);
        try (WsClient client = WsClient.connect(stack.ws("comet2"), tokenD)) {
            JsonNode recovered = client.awaitType("recovered");
            assertThat(recovered.path("recovered").asBoolean()).isTrue();
            List<JsonNode> inbox = client.messages("u:" + d);
            assertThat(inbox).extracting(f -> f.path("body").asText())
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 50).mapToObj(i -> "m" + i).toList());
            assertThat(ImEndToEndIT.seqs(inbox)).isSorted().doesNotHaveDuplicates();
            long last = inbox.getLast().path("seq").asLong();
            // An ack past the last inbox message would hide the next ones from every later connect: refused.
            client.send(WsClient.frame("ack").put("seq", last + 70));
            assertThat(client.awaitType("error").path("code").asInt()).isEqualTo(1004);
            client.send(WsClient.frame("ack").put("seq", last));
            assertThat(client.awaitType("acked").path("seq").asLong()).isEqualTo(last);
        }
        try (WsClient again = WsClient.connect(stack.ws("comet1"), tokenD)) {
            assertThat(again.awaitType("recovered").path("count").asInt()).isZero();
            Thread.sleep(500);
            assertThat(again.ofType("message")).isEmpty();
        }
    }

    @Test
    void aClientThatNeverReadsIsClosedWithTheReconnectCodeAndOthersGetEverything() throws Exception {
        String room = stack.id("r7");
        api.room(room, null);
        String slowToken = api.user(stack.id("slow7"));
        String fastToken = api.user(stack.id("fast7"));
        api.join(slowToken, room);
        api.join(fastToken, room);
        String body = "x".repeat(4000);
        try (WsClient slow = WsClient.connect(stack.ws("comet1"), slowToken, false);
                WsClient fast = WsClient.connect(stack.ws("comet1"), fastToken)) {
            fast.awaitType("welcome");
            int total = 2500;
            for (int i = 0; i < total && !slow.closed.isDone(); i++) {
                ImApi.expect(202, api.call("POST", "/api/v1/push/rooms/" + room, api.adminToken,
                        WsClient.JSON.createObjectNode().put("cid", stack.id("s7-" + i)).put("body", body + i)));
            }
            int sent = total;
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> fast.messages("r:" + room).size() >= sent);
            slow.readAll();
            assertThat(slow.closed.get(30, TimeUnit.SECONDS)).isEqualTo(4001);
            assertThat(slow.ofType("message").size()).isLessThan(total);
            assertThat(ImEndToEndIT.seqs(fast.messages("r:" + room))).doesNotHaveDuplicates().isSorted().hasSize(total);
        }
    }

    private void pushRoom(String room, String prefix, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            ImApi.expect(202, api.call("POST", "/api/v1/push/rooms/" + room, api.adminToken, WsClient.JSON
                    .createObjectNode().put("cid", stack.id(prefix + room + i)).put("body", prefix + i)));
        }
    }

    private static long distinctBodies(WsClient client) {
        return client.ofType("message").stream().map(f -> f.path("body").asText()).distinct().count();
    }
}
