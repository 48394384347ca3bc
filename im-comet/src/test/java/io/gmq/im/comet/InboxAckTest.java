package io.gmq.im.comet;

import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.gmq.im.comet.service.FanOut;
import io.gmq.proto.im.comet.v1.DeliverRequest;
import io.gmq.proto.im.comet.v1.Delivery;
import io.gmq.proto.im.v1.Kind;
import io.gmq.proto.im.v1.Message;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An inbox {@code ack} moves the user's cursor past which nothing is offered again, so one above the highest seq the
 * connection received is refused with 1004 and never reaches push (it would lose the messages in between); an ack
 * up to it is passed on.
 */
@QuarkusTest
class InboxAckTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    FanOut fanOut;

    @Test
    void ackAboveTheHighestReceivedSeqIsRefused() throws Exception {
        String user = "acker";
        try (RawWebSocket ws = new RawWebSocket(base, TestTokens.expiringIn(user, 600))) {
            assertThat(ws.nextText()).contains("\"type\":\"welcome\"");
            assertThat(next(ws, "recovered")).contains("\"conversation\":\"u:" + user + "\"");
            Delivery.Builder inbox = Delivery.newBuilder().addUsers(user);
            for (int seq = 1; seq <= 20; seq++) {
                inbox.addMessages(Message.newBuilder().setId("m" + seq).setSeq(seq).setConversation("u:" + user)
                        .setKind(Kind.PEER).setFrom("someone").addTo(user).setBody("n" + seq));
            }
            fanOut.deliver(DeliverRequest.newBuilder().addDeliveries(inbox).build()).toCompletableFuture()
                    .get(5, TimeUnit.SECONDS);
            for (int seq = 1; seq <= 20; seq++) {
                assertThat(next(ws, "message")).contains("\"seq\":" + seq + ",");
            }

            ws.sendText("{\"type\":\"ack\",\"seq\":120}");
            assertThat(next(ws, "error")).contains("\"code\":1004", "(20)");
            ws.sendText("{\"type\":\"ack\",\"seq\":20}");
            assertThat(next(ws, "acked")).contains("\"seq\":20");
        }
        assertThat(FakeTiers.History.ACKS.get(user)).isEqualTo(List.of(20L));
    }

    /** The next text frame of the type, skipping others. */
    static String next(RawWebSocket ws, String type) throws Exception {
        while (true) {
            String frame = ws.nextText();
            if (frame.contains("\"type\":\"" + type + "\"")) {
                return frame;
            }
        }
    }
}
