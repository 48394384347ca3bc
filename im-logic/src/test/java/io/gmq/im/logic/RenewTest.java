package io.gmq.im.logic;

import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.gmq.im.common.ImKeys;
import io.gmq.im.common.InternalSecretClientInterceptor;
import io.gmq.proto.im.logic.v1.LogicGrpc;
import io.gmq.proto.im.logic.v1.RenewReply;
import io.gmq.proto.im.logic.v1.RenewRequest;
import io.gmq.proto.im.logic.v1.Session;
import io.gmq.servers.test.KafkaTestResource;
import io.gmq.servers.test.PostgresTestResource;
import io.gmq.servers.test.RedisTestResource;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A comet with thousands of sessions renews in parts over logic's real gRPC server: every part is accepted, every
 * session's route is renewed, and the rooms and online counts of the first part survive the later parts.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RedisTestResource.class, scope = TestResourceScope.GLOBAL, initArgs = @ResourceArg(name = "private", value = "true"))
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
class RenewTest {

    private static final int SESSIONS = 5000;
    private static final int PART = 1000;

    @Inject
    RedisDataSource redis;

    @Inject
    InternalSecretClientInterceptor secret;

    @TestHTTPResource("/")
    URL self;

    @Test
    void aCometWithThousandsOfSessionsRenewsInPartsAndKeepsItsRoomsAndRoutes() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String comet = "renew-comet-" + run;
        String room = "renew-room-" + run;
        List<Session> sessions = new java.util.ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            // Long ids, as real clients may have: the whole list is far over a 256 KB message.
            sessions.add(Session.newBuilder().setUser("renew-user-" + run + "-" + i + "-" + "x".repeat(40))
                    .setSession(UUID.randomUUID().toString()).setDevice("device-" + i).build());
        }
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", self.getPort()).usePlaintext()
                .intercept(secret).build();
        try {
            LogicGrpc.LogicBlockingStub logic = LogicGrpc.newBlockingStub(channel).withDeadlineAfter(30,
                    TimeUnit.SECONDS);
            RenewReply first = logic.renew(RenewRequest.newBuilder().setComet(comet).setCometAddress("127.0.0.1:1")
                    .addRooms(room).putRoomUsers(room, SESSIONS).addAllSessions(sessions.subList(0, PART)).build());
            for (int from = PART; from < SESSIONS; from += PART) {
                logic.renew(RenewRequest.newBuilder().setComet(comet).setCometAddress("127.0.0.1:1")
                        .setMoreSessions(true).addAllSessions(sessions.subList(from, from + PART)).build());
            }
            assertThat(first.getOnlineMap()).containsEntry(room, SESSIONS);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }

        for (Session session : List.of(sessions.get(0), sessions.get(PART), sessions.get(SESSIONS - 1))) {
            assertThat(redis.hash(String.class).hgetall(ImKeys.route(session.getUser())))
                    .as("route of " + session.getUser()).isEqualTo(Map.of(session.getSession(), comet));
        }
        assertThat(redis.sortedSet(String.class).zscore(ImKeys.cometRooms(comet), room))
                .as("the later parts leave the hosted rooms alone").isNotNull();
        assertThat(redis.hash(String.class).hget(ImKeys.cometOnline(comet), room))
                .as("the later parts leave the online counts alone").isEqualTo(Integer.toString(SESSIONS));
    }
}
