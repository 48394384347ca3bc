package io.gmq.im.logic;

import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.gmq.im.common.ImCode;
import io.gmq.im.common.ImException;
import io.gmq.im.logic.repository.KnownUsers;
import io.gmq.im.logic.service.RoomService;
import io.gmq.im.logic.service.SendService;
import io.gmq.im.logic.service.UserService;
import io.gmq.proto.im.logic.v1.SendRequest;
import io.gmq.proto.im.v1.Kind;
import io.gmq.servers.test.KafkaTestResource;
import io.gmq.servers.test.PostgresTestResource;
import io.gmq.servers.test.RedisTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The recipient checks of the send path: unknown peer/multicast ids are named in an INVALID answer, and a user created
 * after a send to it was refused is found on the next send (only ids that exist are remembered); a room send is
 * refused as a join would be (no such room, or not a member).
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RedisTestResource.class, scope = TestResourceScope.GLOBAL, initArgs = @ResourceArg(name = "private", value = "true"))
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
class KnownUsersTest {

    @Inject
    KnownUsers known;

    @Inject
    UserService users;

    @Inject
    SendService send;

    @Inject
    RoomService rooms;

    @Test
    void unknownRecipientsAreRefusedUntilTheyExist() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String alice = "alice-" + run;
        String bob = "bob-" + run;
        users.create(alice, "password-" + run, false);

        assertThat(known.unknown(Set.of(alice, bob))).containsExactly(bob);
        assertThatThrownBy(() -> send.send(peer(alice, bob, "c1"))).isInstanceOfSatisfying(ImException.class, e -> {
            assertThat(e.code()).isEqualTo(ImCode.INVALID);
            assertThat(e.getMessage()).contains(bob).doesNotContain(alice);
        });

        users.create(bob, "password-" + run, false);

        assertThat(known.unknown(Set.of(alice, bob))).isEmpty();
        assertThat(send.send(peer(alice, bob, "c2")).getId()).isNotEmpty();
    }

    @Test
    void aRoomSendIsRefusedWithNoSuchRoomOrNotMemberAsJoinWouldBe() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String carol = "carol-" + run;
        users.create(carol, "password-" + run, false);
        rooms.create("room-" + run, "room " + run, null);

        assertThatThrownBy(() -> send.send(room(carol, "nowhere-" + run)))
                .isInstanceOfSatisfying(ImException.class, e -> assertThat(e.code()).isEqualTo(ImCode.NO_SUCH_ROOM));
        assertThatThrownBy(() -> send.send(room(carol, "room-" + run)))
                .isInstanceOfSatisfying(ImException.class, e -> assertThat(e.code()).isEqualTo(ImCode.NOT_MEMBER));
    }

    private static SendRequest room(String from, String room) {
        return SendRequest.newBuilder().setFrom(from).setKind(Kind.ROOM).setRoom(room).setCid("c-" + room)
                .setBody("hello").build();
    }

    private static SendRequest peer(String from, String to, String cid) {
        return SendRequest.newBuilder().setFrom(from).setKind(Kind.PEER).addTo(to).setCid(cid).setBody("hello")
                .build();
    }
}
