package io.gmq.im.push;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.gmq.im.common.Conversations;
import io.gmq.im.common.ImKeys;
import io.gmq.im.push.service.PushService;
import io.gmq.proto.im.comet.v1.Delivery;
import io.gmq.proto.im.v1.Kind;
import io.gmq.proto.im.v1.Message;
import io.gmq.servers.test.CommandStats;
import io.gmq.servers.test.KafkaTestResource;
import io.gmq.servers.test.MongoTestResource;
import io.gmq.servers.test.RedisTestResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A room message costs push the same Redis commands whether the room has 2 members or 2,000 (counted with
 * {@code INFO commandstats} on a private Redis), and reaches the hosting comet as one delivery naming the room, not
 * a member list.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RedisTestResource.class, scope = TestResourceScope.GLOBAL, initArgs = @ResourceArg(name = "private", value = "true"))
@WithTestResource(value = MongoTestResource.class, scope = TestResourceScope.GLOBAL)
class RoomFanOutCostTest {

    @Inject
    PushService push;

    @Inject
    RedisDataSource redis;

    @TestHTTPResource("/")
    URL self;

    @Test
    void roomMessageCostsTheSameRedisCommandsFor2And2000Members() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String comet = "cost-comet-" + run;
        redis.value(String.class).setex(ImKeys.comet(comet), 60, "127.0.0.1:" + self.getPort());
        redis.set(String.class).sadd(ImKeys.COMETS, comet);
        String small = room(run, "small", comet, 2);
        String large = room(run, "large", comet, 2000);
        // Both rooms' first message: a conversation's seq counter is set from its durable floor once, whatever its size.
        push.handle(List.of(message(small, "warm-up")));
        push.handle(List.of(message(large, "warm-up")));

        RecordingComet.RECEIVED.clear();
        Map<String, Long> forSmall = commandsFor(() -> push.handle(List.of(message(small, "m1"))));
        Map<String, Long> forLarge = commandsFor(() -> push.handle(List.of(message(large, "m2"))));

        assertThat(forSmall).isNotEmpty();
        assertThat(forLarge).as("commands for 2,000 members vs 2").isEqualTo(forSmall);
        List<Delivery> deliveries = new ArrayList<>();
        RecordingComet.RECEIVED.forEach(request -> deliveries.addAll(request.getDeliveriesList()));
        assertThat(deliveries).extracting(Delivery::getRoom).containsExactly(small, large);
        assertThat(deliveries).allSatisfy(d -> assertThat(d.getUsersList()).isEmpty());
    }

    /** A room with members, each with a route to the comet, and the comet hosting it. */
    private String room(String run, String name, String comet, int members) {
        String room = name + "-" + run;
        List<String> users = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            String user = room + "-u" + i;
            users.add(user);
            redis.hash(String.class).hset(ImKeys.route(user), "s-" + user, comet);
        }
        redis.set(String.class).sadd(ImKeys.roomMembers(room), users.toArray(String[]::new));
        redis.sortedSet(String.class).zadd(ImKeys.cometRooms(comet), System.currentTimeMillis(), room);
        return room;
    }

    private static Message message(String room, String id) {
        return Message.newBuilder().setId(id + "-" + room).setCid(id).setKind(Kind.ROOM).setRoom(room)
                .setConversation(Conversations.room(room)).setFrom("sender").setBody("hello").build();
    }

    private Map<String, Long> commandsFor(Runnable action) {
        return CommandStats.during(() -> redis.execute("INFO", "commandstats").toString(), action);
    }
}
