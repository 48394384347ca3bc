package io.gmq.gateway.comments;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.gmq.proto.comment.v1.Comment;
import io.gmq.proto.comment.v1.CommentServiceGrpc;
import io.gmq.proto.comment.v1.GetCommentsRequest;
import io.gmq.proto.comment.v1.GetCommentsResponse;
import io.gmq.proto.comment.v1.PutCommentRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The comment service over real gRPC, on PostgreSQL (module comments) and MariaDB (module comments-maria).
 */
@QuarkusTest
class CommentGrpcServiceTest {

    @TestHTTPResource
    URL url;

    private ManagedChannel channel;

    @BeforeEach
    void open() {
        channel = ManagedChannelBuilder.forAddress(url.getHost(), url.getPort()).usePlaintext().build();
    }

    @AfterEach
    void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private CommentServiceGrpc.CommentServiceBlockingStub stub(String token, String module) {
        Metadata headers = new Metadata();
        if (token != null) {
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        }
        if (module != null) {
            headers.put(Metadata.Key.of("x-gmq-module", Metadata.ASCII_STRING_MARSHALLER), module);
        }
        return CommentServiceGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    private static String token(String subject) {
        return Jwt.subject(subject).issuer("https://gmq.test").expiresIn(Duration.ofMinutes(5)).sign();
    }

    @ParameterizedTest
    @ValueSource(strings = { "comments", "comments-maria" })
    void put95ThenPageThroughTenPages(String module) {
        var alice = stub(token("alice"), module);
        long target = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2);
        for (int i = 0; i < 95; i++) {
            alice.putComment(PutCommentRequest.newBuilder().setType("resource").setTargetId(target).setContent("c" + i)
                    .setAuthorId("mallory").build());
        }
        List<Comment> all = new ArrayList<>();
        for (int page = 0; page < 10; page++) {
            GetCommentsResponse response = alice.getComments(GetCommentsRequest.newBuilder().setType("resource")
                    .setTargetId(target).setPageSize(10).setPage(page).build());
            assertThat(response.getTotal()).isEqualTo(95);
            assertThat(response.getTotalPages()).isEqualTo(10);
            assertThat(response.getCommentsCount()).isEqualTo(page < 9 ? 10 : 5);
            all.addAll(response.getCommentsList());
        }
        assertThat(all).extracting(Comment::getId).doesNotHaveDuplicates().isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(all).extracting(Comment::getAuthorId).containsOnly("alice");
        assertThat(all.get(0).getContent()).isEqualTo("c94");
        assertThat(alice.getComments(GetCommentsRequest.newBuilder().setType("resource").setTargetId(target)
                .setPageSize(10).setPage(10).build()).getCommentsCount()).isZero();
    }

    @Test
    void badInputIsInvalidArgumentWithADescription() {
        var bob = stub(token("bob"), null);
        assertInvalid(() -> bob.putComment(PutCommentRequest.newBuilder().setType("video").setTargetId(1).setContent("x")
                .build()), "type must be one of");
        assertInvalid(() -> bob.putComment(PutCommentRequest.newBuilder().setType("resource").setTargetId(0)
                .setContent("x").build()), "target_id");
        assertInvalid(() -> bob.putComment(PutCommentRequest.newBuilder().setType("resource").setTargetId(1)
                .setContent("   ").build()), "content");
        assertInvalid(() -> bob.putComment(PutCommentRequest.newBuilder().setType("resource").setTargetId(1)
                .setContent("x".repeat(4097)).build()), "content");
        assertInvalid(() -> bob.putComment(PutCommentRequest.newBuilder().setType("resource").setTargetId(1)
                .setParentId(Long.MAX_VALUE).setContent("x").build()), "parent_id");
        assertInvalid(() -> bob.getComments(GetCommentsRequest.newBuilder().setType("resource").setTargetId(1)
                .setPageSize(1000).build()), "page_size");
        assertInvalid(() -> bob.getComments(GetCommentsRequest.newBuilder().setType("resource").setTargetId(1)
                .setPage(-1).build()), "page");
    }

    @Test
    void callersMustPresentAValidToken() {
        GetCommentsRequest request = GetCommentsRequest.newBuilder().setType("resource").setTargetId(1).build();
        assertStatus(() -> stub(null, null).getComments(request), Status.Code.UNAUTHENTICATED);
        assertStatus(() -> stub("not-a-jwt", null).getComments(request), Status.Code.UNAUTHENTICATED);
        String expired = Jwt.subject("eve").issuer("https://gmq.test").issuedAt(1_000).expiresAt(2_000).sign();
        assertStatus(() -> stub(expired, null).getComments(request), Status.Code.UNAUTHENTICATED);
        String otherIssuer = Jwt.subject("eve").issuer("https://evil.example").sign();
        assertStatus(() -> stub(otherIssuer, null).getComments(request), Status.Code.UNAUTHENTICATED);
    }

    /** Only a bearer JWT authenticates here: the gateway's HTTP Basic users are for its HTTP APIs. */
    @Test
    void httpBasicCredentialsAreUnauthenticated() {
        GetCommentsRequest request = GetCommentsRequest.newBuilder().setType("resource").setTargetId(1).build();
        for (String user : List.of("admin:test-admin-secret", "publisher:test-publisher-secret")) {
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
                    "Basic " + Base64.getEncoder().encodeToString(user.getBytes(StandardCharsets.UTF_8)));
            var basic = CommentServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                    .withDeadlineAfter(10, TimeUnit.SECONDS);
            assertStatus(() -> basic.getComments(request), Status.Code.UNAUTHENTICATED);
            assertStatus(() -> basic.putComment(PutCommentRequest.newBuilder().setType("resource").setTargetId(1)
                    .setContent("as " + user).build()), Status.Code.UNAUTHENTICATED);
        }
    }

    @Test
    void anUnknownModuleIsUnavailable() {
        assertStatus(() -> stub(token("bob"), "no-such-module").getComments(GetCommentsRequest.newBuilder()
                .setType("resource").setTargetId(1).build()), Status.Code.UNAVAILABLE);
    }

    private static void assertInvalid(Runnable call, String description) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getStatus().getDescription()).contains(description);
        });
    }

    private static void assertStatus(Runnable call, Status.Code code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(code));
    }
}
