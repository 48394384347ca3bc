package io.gmq.im.it;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.gmq.proto.im.v1.Message;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Crashes: push killed with kill -9 mid-stream, a comet killed under its clients; nothing is lost.
 */
class ImCrashIT extends StackTest {

    @Test
    void killMinus9OfPushWhileSendingLosesNothing() throws Exception {
        String room = stack.id("r4");
        api.room(room, null);
        String token = api.user(stack.id("m4"));
        api.join(token, room);
        try (WsClient member = WsClient.connect(stack.ws("comet2"), token)) {
            member.awaitType("welcome");
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 2000; i++) {
                    try {
                        ImApi.expect(202, api.call("POST", "/api/v1/push/rooms/" + room, api.adminToken,
                                WsClient.JSON.createObjectNode().put("cid", stack.id("k4-" + i)).put("body", "m" + i)));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> member.ofType("message").size() >= 300);
            stack.kill9("push");
            Thread.sleep(1000);
            stack.startService("push");
            sending.get(120, TimeUnit.SECONDS);

            try {
                Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> distinctBodies(member) == 2000);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("member got " + distinctBodies(member) + " distinct of 2000; Redis history holds "
                        + new Stores(stack).roomHistory("r:" + room).size() + " (window " + ImStack.ROOM_WINDOW
                        + "); connection closed with "
                        + member.closed.getNow(null) + ", disconnect frames " + member.ofType("disconnect")
                        + ", missing " + missing(member) + ", recovered frames " + member.ofType("recovered"), e);
            }
            List<JsonNode> got = member.messages("r:" + room);
            Map<Long, String> bySeq = new HashMap<>();
            for (JsonNode message : got) {
                String previous = bySeq.putIfAbsent(message.path("seq").asLong(), message.path("body").asText());
                assertThat(previous == null || previous.equals(message.path("body").asText()))
                        .as("a seq always names the same message").isTrue();
            }
            assertThat(bySeq).hasSize(2000);
            System.out.printf("kill -9 of push during 2000 sends: %d frames received, %d duplicates (same seq), "
                    + "2000 distinct after dedupe by seq%n", got.size(), got.size() - bySeq.size());
        }
    }

    @Test
    void aBatchAStalledCometMissedIsDeliveredOnceItAnswers() throws Exception {
        String room = stack.id("r13");
        api.room(room, null);
        String token = api.user(stack.id("m13"));
        api.join(token, room);
        try (WsClient member = WsClient.connect(stack.ws("comet1"), token)) {
            member.awaitType("recovered"); // the inbox, after the welcome: the connection is fully set up
            stack.signal("comet1", "STOP");
            try {
                // The only message of the room: no later one can reveal the gap, so only push's retry brings it.
                pushRoom(room, "stalled", 1);
                Thread.sleep(6_000);
            } finally {
                stack.signal("comet1", "CONT");
            }
            JsonNode message = member.await(f -> "stalled0".equals(f.path("body").asText()), Duration.ofSeconds(30));
            assertThat(message.path("conversation").asText()).isEqualTo("r:" + room);
            assertThat(Files.readString(stack.log("push"))).contains("GMQ-PSH-020 delivery to comet comet1-");
        }
    }

    @Test
    void clientsOfAKilledCometRecoverTheirGapOnTheOtherComet() throws Exception {
        String room = stack.id("r5");
        api.room(room, null);
        String tokenX = api.user(stack.id("x5"));
        String tokenY = api.user(stack.id("y5"));
        api.join(tokenX, room);
        api.join(tokenY, room);
        long lastX;
        long lastY;
        try (WsClient x = WsClient.connect(stack.ws("comet2"), tokenX);
                WsClient y = WsClient.connect(stack.ws("comet2"), tokenY)) {
            pushRoom(room, "before", 10);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> x.messages("r:" + room).size() == 10
                    && y.messages("r:" + room).size() == 10);
            lastX = x.messages("r:" + room).getLast().path("seq").asLong();
            lastY = y.messages("r:" + room).getLast().path("seq").asLong();
            stack.kill9("comet2");
        }
        try {
            pushRoom(room, "gap", 20);
            try (WsClient x = WsClient.connect(stack.ws("comet1"), tokenX)) {
                x.awaitType("recovered");
                x.send(WsClient.frame("recover").set("last", WsClient.JSON.createObjectNode().put("r:" + room, lastX)));
                JsonNode recovered = x.await(f -> "recovered".equals(f.path("type").asText())
                        && ("r:" + room).equals(f.path("conversation").asText()), Duration.ofSeconds(15));
                assertThat(recovered.path("recovered").asBoolean()).isTrue();
                // Live messages of a joined room may reach the new connection before its recover request: the
                // client orders by seq and drops repeats.
                List<Long> expected = LongStream.rangeClosed(lastX + 1, lastX + 20).boxed().toList();
                Awaitility.await().atMost(Duration.ofSeconds(30))
                        .until(() -> new TreeSet<>(ImEndToEndIT.seqs(x.messages("r:" + room))).containsAll(expected));
                assertThat(new TreeSet<>(ImEndToEndIT.seqs(x.messages("r:" + room)))).containsExactlyElementsOf(expected);
            }
            // Past the history window: recovery says it could not be complete, and why.
            int flood = ImStack.ROOM_WINDOW + 100;
            floodRoom(room, flood);
            long lastSeq = lastY + 20 + flood;
            Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> {
                List<Message> stored = new Stores(stack).roomMessages("r:" + room);
                return !stored.isEmpty() && stored.getLast().getSeq() == lastSeq;
            });
            try (WsClient y = WsClient.connect(stack.ws("comet1"), tokenY)) {
                y.awaitType("recovered");
                y.send(WsClient.frame("recover").set("last", WsClient.JSON.createObjectNode().put("r:" + room, lastY)));
                JsonNode recovered = y.await(f -> "recovered".equals(f.path("type").asText())
                        && ("r:" + room).equals(f.path("conversation").asText()), Duration.ofSeconds(60));
                assertThat(recovered.path("recovered").asBoolean()).isFalse();
                assertThat(recovered.path("reason").asText()).contains("history window");
                assertThat(y.messages("r:" + room)).hasSize(ImStack.ROOM_WINDOW);
            }
        } finally {
            stack.startService("comet2");
        }
    }

    /** Pushes many room messages from four threads (their order does not matter here). */
    private void floodRoom(String room, int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                sent.add(pool.submit(() -> {
                    ImApi.expect(202, api.call("POST", "/api/v1/push/rooms/" + room, api.adminToken, WsClient.JSON
                            .createObjectNode().put("cid", stack.id("flood" + room + n)).put("body", "flood" + n)));
                    return null;
                }));
            }
            for (Future<?> future : sent) {
                future.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void pushRoom(String room, String prefix, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            ImApi.expect(202, api.call("POST", "/api/v1/push/rooms/" + room, api.adminToken, WsClient.JSON
                    .createObjectNode().put("cid", stack.id(prefix + room + i)).put("body", prefix + i)));
        }
    }

    private static List<String> missing(WsClient client) {
        Set<String> got = new HashSet<>();
        client.ofType("message").forEach(f -> got.add(f.path("body").asText()));
        return IntStream.range(0, 2000).mapToObj(i -> "m" + i).filter(b -> !got.contains(b)).limit(20)
                .toList();
    }

    private static long distinctBodies(WsClient client) {
        return client.ofType("message").stream().map(f -> f.path("body").asText()).distinct().count();
    }
}
