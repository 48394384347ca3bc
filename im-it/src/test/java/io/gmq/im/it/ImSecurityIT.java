package io.gmq.im.it;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may do what: tokens refused at the upgrade, no sending as someone else, rooms, kicks and the push API kept to
 * those allowed; a user removed from a group stops getting its room at once; and a client flooding bad frames is
 * answered and closed without disturbing anyone else.
 */
class ImSecurityIT extends StackTest {

    @Test
    void missingForgedExpiredAndWrongAlgorithmTokensAreRefusedWith401() throws Exception {
        String user = stack.id("t3");
        api.user(user);
        assertThat(WsClient.refusedStatus(stack.ws("comet1"), null)).isEqualTo(401);
        assertThat(WsClient.refusedStatus(stack.ws("comet1"), "Bearer "
                + Tokens.hs256("another-secret-of-at-least-32-bytes!!", user, Tokens.inSeconds(3600)))).isEqualTo(401);
        assertThat(WsClient.refusedStatus(stack.ws("comet1"), "Bearer "
                + Tokens.hs256(ImStack.JWT_SECRET, user, Tokens.inSeconds(-3600)))).isEqualTo(401);
        assertThat(WsClient.refusedStatus(stack.ws("comet1"), "Bearer " + Tokens.rs256(user, Tokens.inSeconds(3600))))
                .isEqualTo(401);
        assertThat(WsClient.refusedStatus(stack.ws("comet1"), "Bearer " + Tokens.none(user, Tokens.inSeconds(3600))))
                .isEqualTo(401);
        // The control: the same hand-made token with the right secret is accepted, so the refusals are real.
        assertThat(WsClient.refusedStatus(stack.ws("comet1"), "Bearer "
                + Tokens.hs256(ImStack.JWT_SECRET, user, Tokens.inSeconds(3600)))).isEqualTo(101);
        assertThat(api.call("POST", "/api/v1/rooms/lobby/join", null, null).statusCode()).isEqualTo(401);
    }

    @Test
    void noOneSendsAsAnotherJoinsAClosedRoomKicksOrPushesWithoutTheAdminRole() throws Exception {
        String alice = stack.id("alice3");
        String bob = stack.id("bob3");
        String tokenAlice = api.user(alice);
        String tokenBob = api.user(bob);
        String open = stack.id("open3");
        api.room(open, null);
        api.join(tokenAlice, open);
        api.join(tokenBob, open);
        String staff = stack.id("staff3");
        api.group(api.user(stack.id("owner3")), staff, List.of());
        String closed = stack.id("closed3");
        api.room(closed, staff);
        try (WsClient a = WsClient.connect(stack.ws("comet1"), tokenAlice);
                WsClient b = WsClient.connect(stack.ws("comet2"), tokenBob)) {
            a.awaitType("welcome");
            b.awaitType("welcome");
            a.send(WsClient.frame("send").put("cid", "x").put("kind", "room").put("room", open).put("from", bob)
                    .put("body", "who am I"));
            JsonNode received = b.await(f -> "who am I".equals(f.path("body").asText()), Duration.ofSeconds(15));
            assertThat(received.path("from").asText()).isEqualTo(alice);

            a.send(WsClient.frame("join").put("room", closed));
            assertThat(a.awaitType("error").path("code").asInt()).isEqualTo(1005);
            assertThat(api.call("POST", "/api/v1/rooms/" + closed + "/join", tokenAlice, null).statusCode())
                    .isEqualTo(403);

            assertThat(api.call("POST", "/api/v1/admin/kick/" + bob, tokenAlice, null).statusCode()).isEqualTo(403);
            assertThat(api.call("POST", "/api/v1/push/users", tokenAlice, WsClient.JSON.createObjectNode()
                    .put("cid", "p").put("body", "spam").set("to", WsClient.JSON.createArrayNode().add(bob)))
                    .statusCode()).isEqualTo(403);
            assertThat(api.call("POST", "/api/v1/push/all", tokenAlice, WsClient.JSON.createObjectNode()
                    .put("cid", "p").put("body", "spam")).statusCode()).isEqualTo(403);
            assertThat(b.closed).isNotDone();

            ImApi.expect(200, api.call("POST", "/api/v1/admin/kick/" + bob, api.adminToken, null));
            assertThat(b.closed.get(15, TimeUnit.SECONDS)).isEqualTo(4500);
            assertThat(b.ofType("disconnect").getFirst().path("reconnect").asBoolean()).isFalse();
        }
    }

    @Test
    void tenThousandBadFramesGetErrorsThenACloseWhileOthersAreServed() throws Exception {
        String bad = stack.id("bad8");
        String good = stack.id("good8");
        String tokenGood = api.user(good);
        String room = stack.id("r8");
        api.room(room, null);
        api.join(tokenGood, room);
        long errorsBefore = errorLines("comet1");
        try (WsClient flooder = WsClient.connect(stack.ws("comet1"), api.user(bad));
                WsClient other = WsClient.connect(stack.ws("comet1"), tokenGood)) {
            flooder.awaitType("welcome");
            other.awaitType("welcome");
            String[] garbage = { "not json", "[1,2]", "{\"type\":\"teleport\"}", "{\"type\":\"send\"}",
                    "{\"type\":\"ack\",\"seq\":\"x\"}", "{\"type\":\"" + "x".repeat(9000) + "\"}" };
            int sent = 0;
            for (int i = 0; i < 10_000 && !flooder.closed.isDone(); i++) {
                try {
                    flooder.sendRaw(garbage[i % garbage.length]);
                    sent++;
                } catch (RuntimeException e) {
                    break;
                }
            }
            assertThat(flooder.closed.get(15, TimeUnit.SECONDS)).isEqualTo(4501);
            assertThat(flooder.ofType("error")).extracting(f -> f.path("code").asInt())
                    .contains(1001, 1002, 1003, 1004);
            assertThat(sent).isGreaterThan(100);

            ImApi.expect(202, api.call("POST", "/api/v1/push/rooms/" + room, api.adminToken,
                    WsClient.JSON.createObjectNode().put("cid", stack.id("after8")).put("body", "still served")));
            other.await(f -> "still served".equals(f.path("body").asText()), Duration.ofSeconds(15));
        }
        assertThat(errorLines("comet1")).isEqualTo(errorsBefore);
    }

    @Test
    void removalFromAGroupStopsItsRoomAtOnce() throws Exception {
        String owner = stack.id("owner9");
        String member = stack.id("member9");
        String tokenOwner = api.user(owner);
        String tokenMember = api.user(member);
        String group = stack.id("g9");
        api.group(tokenOwner, group, List.of(member));
        String room = stack.id("r9");
        api.room(room, group);
        api.join(tokenOwner, room);
        api.join(tokenMember, room);
        try (WsClient o = WsClient.connect(stack.ws("comet1"), tokenOwner);
                WsClient m = WsClient.connect(stack.ws("comet2"), tokenMember)) {
            o.awaitType("welcome");
            m.awaitType("welcome");
            o.send(WsClient.frame("send").put("cid", "before").put("kind", "room").put("room", room)
                    .put("body", "before"));
            m.await(f -> "before".equals(f.path("body").asText()), Duration.ofSeconds(15));

            ImApi.expect(204, api.call("DELETE", "/api/v1/groups/" + group + "/members/" + member, tokenOwner, null));

            o.send(WsClient.frame("send").put("cid", "after").put("kind", "room").put("room", room)
                    .put("body", "after"));
            o.await(f -> "after".equals(f.path("body").asText()), Duration.ofSeconds(15));
            m.send(WsClient.frame("send").put("cid", "out").put("kind", "room").put("room", room).put("body", "out"));
            JsonNode refused = m.await(f -> "error".equals(f.path("type").asText()), Duration.ofSeconds(15));
            assertThat(refused.path("code").asInt()).isEqualTo(1006);
            // Delivery on comet1 is done; comet2 got the same batch at the same time, and its frames come in order.
            Thread.sleep(500);
            assertThat(m.ofType("message")).extracting(f -> f.path("body").asText()).containsExactly("before");
        }
        assertThat(api.call("GET", "/api/v1/rooms/" + room + "/members", tokenMember, null).statusCode())
                .isEqualTo(403);
    }

    private long errorLines(String service) throws Exception {
        try (var lines = Files.lines(stack.log(service))) {
            return lines.filter(l -> l.contains(" ERROR ") || l.startsWith("java.") || l.contains("Exception:")).count();
        }
    }
}
