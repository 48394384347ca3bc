package io.gmq.im.logic.grpc;

import java.net.URL;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.gmq.im.common.ImException;
import io.gmq.proto.im.api.v1.ImApiGrpc;
import io.gmq.proto.im.api.v1.RoomRequest;
import io.gmq.proto.im.api.v1.SendMessageRequest;
import io.gmq.proto.im.v1.Kind;
import io.gmq.servers.test.KafkaTestResource;
import io.gmq.servers.test.PostgresTestResource;
import io.gmq.servers.test.RedisTestResource;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The public gRPC API checks its inputs with the HTTP API's constraints: an ill-formed room id or send field is
 * INVALID_ARGUMENT with 1004 in the trailer and the field in the description (not "no such room", not UNAVAILABLE).
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RedisTestResource.class, scope = TestResourceScope.GLOBAL, initArgs = @ResourceArg(name = "private", value = "true"))
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
class GrpcInputsTest {

    @TestHTTPResource("/")
    URL self;

    @Test
    void illFormedInputsAreInvalidArgumentWith1004() throws Exception {
        String token = given().contentType("application/json")
                .body("{\"user\":\"admin\",\"password\":\"test-admin-password\"}").post("/api/v1/login").then()
                .statusCode(200).extract().path("token");
        Metadata bearer = new Metadata();
        bearer.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", self.getPort()).usePlaintext().build();
        try {
            ImApiGrpc.ImApiBlockingStub api = ImApiGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer))
                    .withDeadlineAfter(30, TimeUnit.SECONDS);
            invalid(() -> api.joinRoom(RoomRequest.newBuilder().setRoom("r".repeat(65)).build()), "room");
            invalid(() -> api.leaveRoom(RoomRequest.newBuilder().setRoom("").build()), "room");
            invalid(() -> api.send(SendMessageRequest.newBuilder().setCid("c1").setKind(Kind.GROUP)
                    .setGroup("g".repeat(300)).setBody("hi").build()), "group");
            invalid(() -> api.send(SendMessageRequest.newBuilder().setCid("c2").setKind(Kind.MULTICAST).addTo("a b")
                    .setBody("hi").build()), "to[0]");
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static void invalid(Runnable call, String field) {
        StatusRuntimeException refusal = catchThrowableOfType(StatusRuntimeException.class, call::run);
        assertThat(refusal).as(field).isNotNull();
        assertThat(refusal.getStatus().getCode()).as(field).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(refusal.getTrailers().get(ImException.CODE)).as(field).isEqualTo("1004");
        assertThat(refusal.getStatus().getDescription()).as(field).startsWith(field + ": ");
    }
}
