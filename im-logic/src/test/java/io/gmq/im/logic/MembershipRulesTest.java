package io.gmq.im.logic;

import java.net.URL;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import io.gmq.im.common.ImCode;
import io.gmq.im.common.ImException;
import io.gmq.im.common.ImKeys;
import io.gmq.im.logic.repository.MembershipRepository;
import io.gmq.im.logic.service.GroupService;
import io.gmq.im.logic.service.RoomService;
import io.gmq.im.logic.service.SendService;
import io.gmq.im.logic.service.UserService;
import io.gmq.proto.im.comet.v1.MembershipRequest;
import io.gmq.proto.im.logic.v1.SendRequest;
import io.gmq.proto.im.v1.Kind;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Membership rules that hold to the end: leaving a group takes the user out of its rooms (in Redis and on the
 * comets hosting the user), a room cannot be bound to a group that does not exist, rooms that do not exist are
 * named as such (push, leave), a group room's member list is for its members, and multicast is for admins.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RedisTestResource.class, scope = TestResourceScope.GLOBAL, initArgs = @ResourceArg(name = "private", value = "true"))
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
class MembershipRulesTest {

    @Inject
    UserService users;

    @Inject
    GroupService groups;

    @Inject
    RoomService rooms;

    @Inject
    SendService send;

    @Inject
    MembershipRepository membership;

    @Inject
    RedisDataSource redis;

    @TestHTTPResource("/")
    URL self;

    @Test
    void removalFromAGroupRevokesItsRoomsAndTellsTheCometsAtOnce() {
        String run = run();
        String owner = user("owner-" + run);
        String member = user("member-" + run);
        groups.create(owner, "g-" + run, null, List.of(member));
        String room = "gr-" + run;
        rooms.create(room, null, "g-" + run);
        rooms.create("public-" + run, null, null);
        // The member's session is on a comet served by this test application (RecordingComet).
        String comet = "comet-" + run;
        redis.value(String.class).setex(ImKeys.comet(comet), 60, "127.0.0.1:" + self.getPort());
        redis.hash(String.class).hset(ImKeys.route(member), "session-1", comet);
        rooms.join(member, room);
        rooms.join(member, "public-" + run);
        RecordingComet.RECEIVED.clear();

        groups.remove(owner, false, "g-" + run, member);

        assertThat(membership.isMember(member, room)).isFalse();
        assertThat(membership.rooms(member)).containsExactly("public-" + run);
        assertThat(RecordingComet.RECEIVED).singleElement().satisfies(request -> {
            assertThat(request.getUser()).isEqualTo(member);
            assertThat(request.getLeftList()).containsExactly(room);
            assertThat(request.getJoinedList()).isEmpty();
        });
        refused(ImCode.NOT_MEMBER, () -> send.send(message(member, Kind.ROOM, false).setRoom(room).build()));
        refused(ImCode.FORBIDDEN, () -> rooms.join(member, room));
        assertThat(RecordingComet.RECEIVED).extracting(MembershipRequest::getUser).containsOnly(member);
    }

    @Test
    void aRoomCannotBeBoundToAGroupThatDoesNotExist() {
        String run = run();
        refused(ImCode.NO_SUCH_GROUP, () -> rooms.create("orphan-" + run, null, "nogroup-" + run));
        assertThat(rooms.list()).extracting(room -> room.id).doesNotContain("orphan-" + run);
    }

    @Test
    void roomsThatDoNotExistAreNamedSo() {
        String run = run();
        String user = user("u-" + run);
        refused(ImCode.NO_SUCH_ROOM, () -> send.send(message("admin", Kind.ROOM, true).setRoom("none-" + run).build()));
        refused(ImCode.NO_SUCH_ROOM, () -> rooms.leave(user, "none-" + run));
        rooms.create("real-" + run, null, null);
        // The push API still posts to a room that exists without joining it.
        assertThat(send.send(message("admin", Kind.ROOM, true).setRoom("real-" + run).build()).getId()).isNotEmpty();
    }

    @Test
    void aGroupRoomsMemberListIsForItsMembers() {
        String run = run();
        String owner = user("lo-" + run);
        String outsider = user("lx-" + run);
        groups.create(owner, "lg-" + run, null, List.of());
        rooms.create("lr-" + run, null, "lg-" + run);
        rooms.join(owner, "lr-" + run);
        rooms.create("lp-" + run, null, null);

        refused(ImCode.NOT_MEMBER, () -> rooms.members(outsider, false, "lr-" + run));
        assertThat(rooms.members(owner, false, "lr-" + run)).containsExactly(owner);
        assertThat(rooms.members(outsider, true, "lr-" + run)).containsExactly(owner);
        assertThat(rooms.members(outsider, false, "lp-" + run)).isEmpty();
    }

    @Test
    void multicastIsForAdmins() {
        String run = run();
        String sender = user("ms-" + run);
        String a = user("ma-" + run);
        String b = user("mb-" + run);
        refused(ImCode.FORBIDDEN, () -> send.send(message(sender, Kind.MULTICAST, false).addTo(a).addTo(b).build()));
        assertThat(send.send(message("admin", Kind.MULTICAST, true).addTo(a).addTo(b).build()).getId()).isNotEmpty();
    }

    @Test
    void roomMembershipSurvivesRedisLosingIt() {
        String run = run();
        String room = "dr-" + run;
        rooms.create(room, null, null);
        String stays = user("ds-" + run);
        String leaves = user("dl-" + run);
        rooms.join(stays, room);
        rooms.join(leaves, room);
        rooms.leave(leaves, room);
        // What a Redis restarted without persistence looks like to logic: the keys are gone.
        redis.key(String.class).del(ImKeys.roomMembers(room), ImKeys.userRooms(stays), ImKeys.userRooms(leaves));

        assertThat(membership.isMember(stays, room)).isTrue();
        assertThat(membership.isMember(leaves, room)).isFalse();
        assertThat(membership.rooms(stays)).containsExactly(room);
        assertThat(membership.rooms(leaves)).isEmpty();
        assertThat(rooms.members(stays, false, room)).containsExactly(stays);
        assertThat(send.send(message(stays, Kind.ROOM, false).setRoom(room).build()).getId()).isNotEmpty();

        // A join into a set Redis lost keeps the members it had before.
        redis.key(String.class).del(ImKeys.roomMembers(room));
        String late = user("dj-" + run);
        assertThat(rooms.join(late, room).getMembers()).isEqualTo(2);
        assertThat(membership.members(room)).containsExactlyInAnyOrder(stays, late);
    }

    private static SendRequest.Builder message(String from, Kind kind, boolean admin) {
        return SendRequest.newBuilder().setFrom(from).setAdmin(admin).setKind(kind)
                .setCid(UUID.randomUUID().toString()).setBody("hello");
    }

    private String user(String id) {
        users.create(id, "password-" + id, false);
        return id;
    }

    private static String run() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static void refused(ImCode code, Executable action) {
        assertThatThrownBy(action::execute).isInstanceOfSatisfying(ImException.class,
                e -> assertThat(e.code()).isEqualTo(code));
    }
}
