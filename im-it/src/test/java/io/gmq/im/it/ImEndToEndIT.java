package io.gmq.im.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ordered, exactly-once-after-dedupe delivery across two comets, and the five kinds reaching exactly their
 * recipients, with the three tiers as separate processes.
 */
class ImEndToEndIT extends StackTest {

    @Test
    void roomMessagesFromTwoSendersOnTwoCometsArriveOnceInSeqOrder() throws Exception {
        String room = stack.id("r1");
        api.room(room, null);
        String a = stack.id("a1");
        String b = stack.id("b1");
        String c = stack.id("c1");
        String tokenA = api.user(a);
        String tokenB = api.user(b);
        String tokenC = api.user(c);
        for (String token : List.of(tokenA, tokenB, tokenC)) {
            api.join(token, room);
        }
        try (WsClient clientA = WsClient.connect(stack.ws("comet1"), tokenA);
                WsClient clientB = WsClient.connect(stack.ws("comet2"), tokenB);
                WsClient clientC = WsClient.connect(stack.ws("comet2"), tokenC)) {
            for (WsClient client : List.of(clientA, clientB, clientC)) {
                client.awaitType("welcome");
            }
            ExecutorService senders = Executors.newFixedThreadPool(2);
            List<Future<?>> done = new ArrayList<>();
            for (WsClient sender : List.of(clientA, clientB)) {
                done.add(senders.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        sender.send(WsClient.frame("send").put("cid", "c" + i).put("kind", "room").put("room", room)
                                .put("body", "m" + i));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            senders.shutdown();
            String conversation = "r:" + room;
            for (WsClient client : List.of(clientA, clientB, clientC)) {
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> client.messages(conversation).size() >= 1000);
            }
            List<Long> reference = seqs(clientA.messages(conversation));
            assertThat(reference).hasSize(1000);
            for (int i = 0; i < reference.size(); i++) {
                assertThat(reference.get(i)).isEqualTo(reference.get(0) + i);
            }
            assertThat(seqs(clientB.messages(conversation))).isEqualTo(reference);
            assertThat(seqs(clientC.messages(conversation))).isEqualTo(reference);
            assertThat(clientA.ofType("ack")).hasSize(500);
            assertThat(clientA.ofType("error")).isEmpty();
            Thread.sleep(500);
            assertThat(clientC.messages(conversation)).hasSize(1000);
        }
    }

    @Test
    void eachKindReachesExactlyItsRecipientsAndIsStoredWhereTheDesignSays() throws Exception {
        String sender = stack.id("s2");
        String peer = stack.id("p2");
        String member = stack.id("m2");
        String outsider = stack.id("o2");
        String tokenS = api.user(sender);
        String tokenP = api.user(peer);
        String tokenM = api.user(member);
        String tokenO = api.user(outsider);
        String room = stack.id("r2");
        api.room(room, null);
        api.join(tokenS, room);
        api.join(tokenM, room);
        String group = stack.id("g2");
        api.group(tokenS, group, List.of(member));
        try (WsClient s = WsClient.connect(stack.ws("comet1"), tokenS);
                WsClient p = WsClient.connect(stack.ws("comet2"), tokenP);
                WsClient m = WsClient.connect(stack.ws("comet1"), tokenM);
                WsClient o = WsClient.connect(stack.ws("comet2"), tokenO);
                WsClient o2 = WsClient.connect(stack.ws("comet1"), tokenO)) {
            for (WsClient client : List.of(s, p, m, o, o2)) {
                client.awaitType("welcome");
            }
            s.send(WsClient.frame("send").put("cid", "room").put("kind", "room").put("room", room).put("body", "to room"));
            send(s, "peer", "peer", List.of(peer), null, "to peer");
            send(s, "group", "group", List.of(), group, "to group");
            // A user may not multicast or broadcast; the admin (push) API may.
            send(s, "multi", "multicast", List.of(peer, member), null, "to nobody");
            assertThat(refusal(s, "multi").path("code").asInt()).isEqualTo(1005);
            ObjectNode multicast = WsClient.JSON.createObjectNode().put("cid", stack.id("mc")).put("body", "to two");
            multicast.putArray("to").add(peer).add(member);
            ImApi.expect(202, api.call("POST", "/api/v1/push/users", api.adminToken, multicast));
            ObjectNode broadcast = WsClient.frame("send").put("cid", "all").put("kind", "broadcast").put("body", "to all");
            s.send(broadcast);
            assertThat(refusal(s, "all").path("code").asInt()).isEqualTo(1005);
            ImApi.expect(202, api.call("POST", "/api/v1/push/all", api.adminToken,
                    WsClient.JSON.createObjectNode().put("cid", stack.id("b")).put("body", "to all")));

            assertThat(bodies(s)).containsExactlyInAnyOrder("to room", "to group", "to all");
            assertThat(bodies(m)).containsExactlyInAnyOrder("to room", "to group", "to two", "to all");
            assertThat(bodies(p)).containsExactlyInAnyOrder("to peer", "to two", "to all");
            assertThat(bodies(o)).containsExactly("to all");
            assertThat(bodies(o2)).containsExactly("to all");
        }
        Stores stores = new Stores(stack);
        assertThat(stores.roomHistory("r:" + room)).containsExactly("to room");
        assertThat(stores.inbox(peer)).containsExactly("to peer", "to two");
        assertThat(stores.inbox(member)).containsExactly("to group", "to two");
        assertThat(stores.inbox(sender)).containsExactly("to group");
        assertThat(stores.inbox(outsider)).isEmpty();
        assertThat(stores.broadcasts()).contains("to all");
    }

    private static JsonNode refusal(WsClient client, String cid) {
        return client.await(f -> "error".equals(f.path("type").asText()) && cid.equals(f.path("ref").asText()),
                Duration.ofSeconds(15));
    }

    private static void send(WsClient client, String cid, String kind, List<String> to, String group, String body) {
        ObjectNode frame = WsClient.frame("send").put("cid", cid).put("kind", kind).put("body", body);
        to.forEach(frame.putArray("to")::add);
        if (group != null) {
            frame.put("group", group);
        }
        client.send(frame);
    }

    /** Bodies of the messages a client got, once settled (no new message for a second). */
    private static List<String> bodies(WsClient client) throws InterruptedException {
        int seen = -1;
        while (seen != client.ofType("message").size()) {
            seen = client.ofType("message").size();
            Thread.sleep(1500);
        }
        return client.ofType("message").stream().map(f -> f.path("body").asText()).toList();
    }

    static List<Long> seqs(List<JsonNode> messages) {
        return messages.stream().map(f -> f.path("seq").asLong()).toList();
    }

}
