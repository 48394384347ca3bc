package io.gmq.im.comet;

import java.net.URI;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A live connection ends with its token: closed with 4502 TOKEN_EXPIRED, after a {@code disconnect} frame saying not
 * to reconnect with that token, once the token's {@code exp} passes, and not before.
 */
@QuarkusTest
class TokenExpiryTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void connectionClosesWith4502WhenTheTokenExpires() throws Exception {
        long exp = System.currentTimeMillis() / 1000 + 3;
        try (RawWebSocket ws = new RawWebSocket(base, TestTokens.expiringAt("brief", exp))) {
            assertThat(ws.nextText()).contains("\"type\":\"welcome\"");
            assertThat(ws.nextText()).contains("\"type\":\"recovered\"");
            ws.sendText("{\"type\":\"heartbeat\"}");
            assertThat(ws.nextText()).contains("\"type\":\"heartbeat\"");

            RawWebSocket.Closing closing = ws.awaitClose();

            assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(exp * 1000);
            assertThat(closing.code()).isEqualTo(4502);
            assertThat(closing.texts()).last().asString()
                    .contains("\"type\":\"disconnect\"", "\"code\":4502", "\"reconnect\":false");
        }
    }
}
