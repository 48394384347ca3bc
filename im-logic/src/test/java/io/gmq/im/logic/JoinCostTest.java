package io.gmq.im.logic;

import java.net.URL;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.gmq.im.common.ImKeys;
import io.gmq.im.logic.service.RoomService;
import io.gmq.proto.im.comet.v1.MembershipRequest;
import io.gmq.proto.im.logic.v1.RoomReply;
import io.gmq.servers.test.CommandStats;
import io.gmq.servers.test.KafkaTestResource;
import io.gmq.servers.test.PostgresTestResource;
import io.gmq.servers.test.RedisTestResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A join costs logic the same Redis commands whether the room has 2 members or 2,000 (counted with
 * {@code INFO commandstats} on the private Redis), its online count comes from the comets' counters, and the comet
 * hosting the user's session is told of the new membership.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RedisTestResource.class, scope = TestResourceScope.GLOBAL, initArgs = @ResourceArg(name = "private", value = "true"))
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
class JoinCostTest {

    @Inject
    RoomService rooms;

    @Inject
    RedisDataSource redis;

    @TestHTTPResource("/")
    URL self;

    @Test
    void joinCostsTheSameRedisCommandsFor2And2000Members() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String comet = "join-comet-" + run;
        redis.value(String.class).setex(ImKeys.comet(comet), 60, "127.0.0.1:" + self.getPort());
        redis.set(String.class).sadd(ImKeys.COMETS, comet);
        String small = room(run, "small", 2);
        String large = room(run, "large", 2000);
        redis.hash(String.class).hset(ImKeys.cometOnline(comet), Map.of(small, "2", large, "1500"));
        String joiner = "joiner-" + run;
        redis.hash(String.class).hset(ImKeys.route(joiner), "session-1", comet);
        rooms.join(joiner, room(run, "warm-up", 1));

        RecordingComet.RECEIVED.clear();
        Map<String, Long> forSmall = commandsFor(() -> rooms.join(joiner, small));
        RoomReply[] reply = new RoomReply[1];
        Map<String, Long> forLarge = commandsFor(() -> reply[0] = rooms.join(joiner, large));

        assertThat(forSmall).isNotEmpty();
        assertThat(forLarge).as("commands for 2,000 members vs 2").isEqualTo(forSmall);
        assertThat(reply[0].getMembers()).isEqualTo(2001);
        assertThat(reply[0].getOnline()).isEqualTo(1500);
        assertThat(RecordingComet.RECEIVED).extracting(MembershipRequest::getUser).containsOnly(joiner);
        assertThat(RecordingComet.RECEIVED).flatExtracting(MembershipRequest::getJoinedList).containsExactly(small, large);
        assertThat(redis.sortedSet(String.class).zscore(ImKeys.cometRooms(comet), large)).as("push will send it there")
                .isNotNull();
    }

    private String room(String run, String name, int members) {
        String room = name + "-" + run;
        rooms.create(room, room, null);
        String[] users = new String[members];
        for (int i = 0; i < members; i++) {
            users[i] = room + "-u" + i;
        }
        redis.set(String.class).sadd(ImKeys.roomMembers(room), users);
        return room;
    }

    private Map<String, Long> commandsFor(Runnable action) {
        return CommandStats.during(() -> redis.execute("INFO", "commandstats").toString(), action);
    }
}
