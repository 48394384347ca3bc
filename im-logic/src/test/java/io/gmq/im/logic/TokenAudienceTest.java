package io.gmq.im.logic;

import java.net.URL;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.gmq.im.common.ClientTokens;
import io.gmq.im.logic.service.TokenIssuer;
import io.gmq.proto.im.api.v1.ImApiGrpc;
import io.gmq.proto.im.api.v1.ListRoomsRequest;
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
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * With an audience configured (the test profile's {@code gmq-im-test}), logic writes it into the tokens it issues
 * and REST and the public gRPC API refuse a token signed with the right key but without it, or for another audience.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RedisTestResource.class, scope = TestResourceScope.GLOBAL, initArgs = @ResourceArg(name = "private", value = "true"))
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
class TokenAudienceTest {

    private static final String SECRET = "test-jwt-secret-of-at-least-32-bytes!";

    @Inject
    TokenIssuer issuer;

    @TestHTTPResource("/")
    URL self;

    @Test
    void restAndGrpcRefuseATokenForAnotherAudience() {
        String user = "aud-" + UUID.randomUUID().toString().substring(0, 8);
        String issued = issuer.issue(user, false);
        String none = sign(user, null);
        String other = sign(user, "another-service");

        given().auth().oauth2(issued).get(self + "api/v1/rooms").then().statusCode(200);
        given().auth().oauth2(sign(user, "gmq-im-test")).get(self + "api/v1/rooms").then().statusCode(200);
        given().auth().oauth2(none).get(self + "api/v1/rooms").then().statusCode(401);
        given().auth().oauth2(other).get(self + "api/v1/rooms").then().statusCode(401);

        ManagedChannel channel = ManagedChannelBuilder.forAddress(self.getHost(), self.getPort()).usePlaintext().build();
        try {
            assertThat(listRooms(channel, issued)).isTrue();
            for (String refused : Set.of(none, other)) {
                assertThatThrownBy(() -> listRooms(channel, refused)).isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
            }
        } finally {
            channel.shutdownNow();
        }
    }

    private static boolean listRooms(ManagedChannel channel, String token) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        ImApiGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .withDeadlineAfter(10, TimeUnit.SECONDS).listRooms(ListRoomsRequest.getDefaultInstance());
        return true;
    }

    /** A token as logic would issue it, with the given audience (none when null). */
    private static String sign(String user, String audience) {
        JwtClaimsBuilder claims = Jwt.issuer("gmq-im").subject(user).upn(user).groups(Set.of(TokenIssuer.USER_ROLE))
                .expiresIn(600);
        if (audience != null) {
            claims.audience(audience);
        }
        return claims.jws().algorithm(SignatureAlgorithm.HS256).sign(ClientTokens.secretKey(SECRET));
    }
}
