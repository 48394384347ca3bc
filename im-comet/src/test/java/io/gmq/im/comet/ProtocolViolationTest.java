package io.gmq.im.comet;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Frames the WebSocket layer refuses close the connection with their RFC 6455 code, after a {@code disconnect} frame
 * that names it, instead of dropping the TCP connection or leaving the socket open; binary frames count as bad frames,
 * a token closed with 4501 is refused for the cooldown, and a token for another audience is refused at the upgrade.
 */
@QuarkusTest
class ProtocolViolationTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void frameOverTheLimitClosesWith1009() throws Exception {
        try (RawWebSocket ws = new RawWebSocket(base, TestTokens.expiringIn("big", 600))) {
            assertThat(ws.nextText()).contains("\"type\":\"welcome\"");
            ws.send(1, "x".repeat(65 * 1024).getBytes(StandardCharsets.UTF_8));
            RawWebSocket.Closing closing = ws.awaitClose();
            assertThat(closing.code()).isEqualTo(1009);
            assertThat(closing.texts()).last().asString().contains("\"type\":\"disconnect\"", "\"code\":1009");
        }
    }

    @Test
    void messageOverTheLimitInFragmentsClosesWith1009() throws Exception {
        try (RawWebSocket ws = new RawWebSocket(base, TestTokens.expiringIn("pieces", 600))) {
            assertThat(ws.nextText()).contains("\"type\":\"welcome\"");
            byte[] half = "x".repeat(40 * 1024).getBytes(StandardCharsets.UTF_8);
            ws.send(1, false, half);
            ws.send(0, true, half);
            RawWebSocket.Closing closing = ws.awaitClose();
            assertThat(closing.code()).isEqualTo(1009);
            assertThat(closing.texts()).last().asString().contains("\"type\":\"disconnect\"", "\"code\":1009");
        }
    }

    @Test
    void messagesUnderTheLimitInFragmentsAreEachCountedAlone() throws Exception {
        try (RawWebSocket ws = new RawWebSocket(base, TestTokens.expiringIn("parts", 600))) {
            assertThat(ws.nextText()).contains("\"type\":\"welcome\"");
            byte[] part = " ".repeat(20 * 1024).getBytes(StandardCharsets.UTF_8);
            for (int message = 0; message < 3; message++) {
                ws.send(1, false, part);
                ws.send(0, true, part);
            }
            // Each 40 KiB message is within the WebSocket limit and over the comet's frame limit: an error frame each.
            for (int message = 0; message < 3; message++) {
                String answer = ws.nextText();
                while (answer.contains("\"type\":\"recovered\"")) {
                    answer = ws.nextText();
                }
                assertThat(answer).contains("\"type\":\"error\"", "\"code\":1003");
            }
        }
    }

    @Test
    void compressedFramesAreCheckedAfterInflating() throws Exception {
        try (RawWebSocket ws = new RawWebSocket(base, TestTokens.expiringIn("browser", 600),
                "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n")) {
            assertThat(ws.head).containsIgnoringCase("permessage-deflate");
            assertThat(ws.nextText()).contains("\"type\":\"welcome\"");
            ws.sendDeflated("{\"type\":\"heartbeat\"}".getBytes(StandardCharsets.UTF_8));
            String answer = ws.nextText();
            while (answer.contains("\"type\":\"recovered\"")) {
                answer = ws.nextText();
            }
            assertThat(answer).contains("\"type\":\"heartbeat\"");
            ws.sendDeflated(new byte[] { '{', '"', (byte) 0xC3, (byte) 0x28, '"', '}' });
            assertThat(ws.awaitClose().code()).isEqualTo(1007);
        }
    }

    @Test
    void invalidUtf8ClosesWith1007() throws Exception {
        try (RawWebSocket ws = new RawWebSocket(base, TestTokens.expiringIn("latin", 600))) {
            assertThat(ws.nextText()).contains("\"type\":\"welcome\"");
            ws.send(1, new byte[] { '{', '"', 't', (byte) 0xC3, (byte) 0x28, '"', '}' });
            RawWebSocket.Closing closing = ws.awaitClose();
            assertThat(closing.code()).isEqualTo(1007);
            assertThat(closing.texts()).last().asString().contains("\"type\":\"disconnect\"", "\"code\":1007");
        }
    }

    @Test
    void binaryFramesGetAnErrorFrameAndCountTowardTheAbuseLimit() throws Exception {
        try (RawWebSocket ws = new RawWebSocket(base, TestTokens.expiringIn("binary", 600))) {
            assertThat(ws.nextText()).contains("\"type\":\"welcome\"");
            ws.send(2, new byte[] { 1, 2, 3 });
            assertThat(InboxAckTest.next(ws, "error")).contains("\"code\":1001", "binary");
            // The allowance is 100 bad frames a minute: the 101st binary frame closes the connection.
            for (int frame = 2; frame <= 101; frame++) {
                ws.send(2, new byte[] { 1 });
            }
            RawWebSocket.Closing closing = ws.awaitClose();
            assertThat(closing.code()).isEqualTo(4501);
            assertThat(closing.texts()).last().asString()
                    .contains("\"type\":\"disconnect\"", "\"code\":4501", "\"reconnect\":false");
        }
    }

    @Test
    void aTokenClosedWith4501IsRefusedForTheCooldown() throws Exception {
        String token = TestTokens.expiringIn("abuser", 600);
        try (RawWebSocket ws = new RawWebSocket(base, token)) {
            assertThat(ws.nextText()).contains("\"type\":\"welcome\"");
            for (int frame = 1; frame <= 101; frame++) {
                ws.sendText("not json");
            }
            assertThat(ws.awaitClose().code()).isEqualTo(4501);
        }
        try (RawWebSocket again = new RawWebSocket(base, token)) {
            RawWebSocket.Closing closing = again.awaitClose();
            assertThat(closing.code()).isEqualTo(4501);
            assertThat(closing.texts()).hasSize(1).first().asString()
                    .contains("\"type\":\"disconnect\"", "\"code\":4501", "refused for");
        }
        // Another token of the same user is not in the cooldown.
        try (RawWebSocket other = new RawWebSocket(base, TestTokens.expiringIn("abuser", 601))) {
            assertThat(other.nextText()).contains("\"type\":\"welcome\"");
        }
    }

    @Test
    void aTokenWithoutTheConfiguredAudienceIsRefusedAtTheUpgrade() throws Exception {
        assertThatThrownBy(() -> new RawWebSocket(base, TestTokens.forAudience("elsewhere", ""))
                .close()).hasMessageContaining("401");
        assertThatThrownBy(() -> new RawWebSocket(base, TestTokens.forAudience("elsewhere", "other-service"))
                .close()).hasMessageContaining("401");
        try (RawWebSocket ws = new RawWebSocket(base, TestTokens.forAudience("elsewhere", TestTokens.AUDIENCE))) {
            assertThat(ws.nextText()).contains("\"type\":\"welcome\"");
        }
    }
}
