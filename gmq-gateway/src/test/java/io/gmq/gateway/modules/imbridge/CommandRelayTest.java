package io.gmq.gateway.modules.imbridge;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.awaitility.Awaitility;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.gmq.gateway.module.ModuleContext;
import io.gmq.gateway.module.PublishResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Room frames to bus commands: once per seq, in order, held while the bus refuses, and a position that never
 * covers a command not yet on the bus.
 */
class CommandRelayTest {

    private final List<String> published = new CopyOnWriteArrayList<>();
    /** How many publishes the bus refuses (queue full) before it takes them. */
    private final AtomicInteger refusals = new AtomicInteger();
    private CommandRelay relay;

    private final ModuleContext context = new ModuleContext() {
        @Override
        public String name() {
            return "im";
        }

        @Override
        public PublishResult publish(String topic, byte[] payload, Map<String, String> headers) {
            if (refusals.getAndDecrement() > 0) {
                return new PublishResult("x", 0, List.of("mqtt"));
            }
            published.add(topic + " " + new String(payload) + " from " + headers.get("im-from"));
            return new PublishResult("x", 1, List.of());
        }

        @Override
        public DataSource dataSource(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Logger log() {
            return Logger.getLogger("io.gmq.module.im");
        }
    };

    @AfterEach
    void stop() throws Exception {
        relay.stop(Duration.ZERO);
    }

    @Test
    void eachSeqIsRelayedOnceAndALateGapStillCounts() {
        relay = start(Map.of("lab", 10L));
        relay.offer(message(12, "alice", "/cmd d1 on"));
        relay.offer(message(12, "alice", "/cmd d1 on"));
        relay.offer(message(11, "alice", "/cmd d2 off"));
        relay.offer(message(10, "alice", "/cmd d3 old"));
        relay.offer(message(13, "bot", "/cmd d1 loop"));
        relay.offer(message(14, "alice", "just chatting"));
        Awaitility.await().until(() -> relay.positions().equals(Map.of("lab", 14L)));
        assertThat(published).containsExactly("dev/d1/cmd on from alice", "dev/d2/cmd off from alice");
    }

    @Test
    void aCommandTheBusRefusesIsHeldAndTheNextOnesWaitBehindIt() {
        refusals.set(3);
        relay = start(Map.of());
        relay.offer(message(1, "alice", "/cmd d1 first"));
        relay.offer(message(2, "alice", "/cmd d1 second"));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> published.size() == 2);
        assertThat(published).containsExactly("dev/d1/cmd first from alice", "dev/d1/cmd second from alice");
        assertThat(relay.positions()).isEqualTo(Map.of("lab", 2L));
    }

    @Test
    void aStopWhileTheBusRefusesLeavesThatSeqForTheNextStartToRecover() throws Exception {
        relay = start(Map.of("lab", 4L));
        relay.offer(message(5, "alice", "/cmd d1 taken"));
        Awaitility.await().until(() -> published.size() == 1);
        refusals.set(Integer.MAX_VALUE);
        relay.offer(message(6, "alice", "/cmd d1 refused"));
        assertThat(relay.stop(Duration.ofMillis(200))).isEqualTo(1);
        assertThat(relay.positions()).isEqualTo(Map.of("lab", 5L));
    }

    @Test
    void aRoomHasAPositionFromItsFirstMessageSoAFullBufferIsRecoveredNotLost() throws Exception {
        refusals.set(Integer.MAX_VALUE);
        relay = start(Map.of());
        relay.offer(message(7, "alice", "/cmd d1 stuck"));
        assertThat(relay.positions()).isEqualTo(Map.of("lab", 6L));
        Awaitility.await().until(() -> refusals.get() < Integer.MAX_VALUE); // seq 7 is in hand, held
        for (long seq = 8; relay.offer(message(seq, "alice", "chat")); seq++) {
            assertThat(seq).isLessThan(100);
        }
        assertThat(relay.stop(Duration.ofMillis(100))).isEqualTo(11);
        assertThat(relay.positions()).isEqualTo(Map.of("lab", 6L));
    }

    private CommandRelay start(Map<String, Long> positions) {
        CommandRelay started = new CommandRelay(new CommandRelay.Rules("bot", "/cmd", "dev/{device}/cmd", Set.of(), 10),
                context, positions);
        started.start();
        return started;
    }

    private static JsonNode message(long seq, String from, String body) {
        return ImLink.JSON.createObjectNode().put("type", "message").put("conversation", "r:lab").put("room", "lab")
                .put("seq", seq).put("from", from).put("body", body).put("id", "m" + seq);
    }
}
