package io.gmq.im.comet;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.gmq.im.comet.service.Session;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A connection whose socket takes nothing is closed with 4001 SLOW_CONSUMER when its send queue is full, and the
 * {@code disconnect} frame is written before the close frame even then (it used to be skipped on a full queue).
 */
class SlowConsumerCloseTest {

    @Test
    void aFullQueueClosesWith4001AfterADisconnectFrame() {
        List<String> written = new CopyOnWriteArrayList<>();
        WebSocketConnection stuck = (WebSocketConnection) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { WebSocketConnection.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "id" -> "stuck-1";
                    case "sendText" -> {
                        written.add((String) args[0]);
                        yield Uni.createFrom().nothing(); // never taken by the socket
                    }
                    case "close" -> {
                        written.add("CLOSE " + ((CloseReason) args[0]).getCode());
                        yield Uni.createFrom().voidItem();
                    }
                    default -> null;
                });
        Session session = new Session("stuck-1", "slow", "", false, "key", stuck, 3);

        for (int frame = 0; frame < 3; frame++) {
            assertThat(session.send("{\"type\":\"message\",\"n\":" + frame + "}")).isTrue();
        }
        assertThat(session.send("{\"type\":\"message\",\"n\":3}")).isFalse();

        assertThat(session.closing()).isTrue();
        assertThat(written).hasSize(5);
        assertThat(written.get(3)).contains("\"type\":\"disconnect\"", "\"code\":4001", "\"reconnect\":true");
        assertThat(written.get(4)).isEqualTo("CLOSE 4001");
    }
}
