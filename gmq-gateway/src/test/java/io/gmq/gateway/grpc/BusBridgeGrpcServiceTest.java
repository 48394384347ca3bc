package io.gmq.gateway.grpc;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import io.gmq.gateway.bus.Envelope;
import io.gmq.gateway.bus.MessageBus;
import io.gmq.gateway.module.CollectorModule;
import io.gmq.proto.bus.v1.Ack;
import io.gmq.proto.bus.v1.BridgeFrame;
import io.gmq.proto.bus.v1.BusBridgeGrpc;
import io.gmq.proto.bus.v1.Hello;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A remote process (this test, over real gRPC) acting as module remote-x through the bus bridge.
 */
@QuarkusTest
class BusBridgeGrpcServiceTest {

    @TestHTTPResource
    URL url;

    @Inject
    MessageBus bus;

    private ManagedChannel channel;

    @BeforeEach
    void open() {
        channel = ManagedChannelBuilder.forAddress(url.getHost(), url.getPort()).usePlaintext().build();
    }

    @AfterEach
    void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    /** A connected remote: what it received, and its request side. */
    private final class Remote implements StreamObserver<BridgeFrame> {
        final List<BridgeFrame> received = new CopyOnWriteArrayList<>();
        final CompletableFuture<Throwable> ended = new CompletableFuture<>();
        final boolean autoAck;
        StreamObserver<BridgeFrame> requests;

        Remote(String secret, boolean autoAck) {
            this.autoAck = autoAck;
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("x-gmq-module-secret", Metadata.ASCII_STRING_MARSHALLER), secret);
            requests = BusBridgeGrpc.newStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                    .connect(this);
            requests.onNext(BridgeFrame.newBuilder().setHello(Hello.newBuilder().setModule("remote-x")).build());
        }

        @Override
        public void onNext(BridgeFrame frame) {
            received.add(frame);
            if (autoAck && frame.hasEnvelope()) {
                requests.onNext(BridgeFrame.newBuilder().setAck(Ack.newBuilder().setId(frame.getEnvelope().getId())).build());
            }
        }

        @Override
        public void onError(Throwable t) {
            ended.complete(t);
        }

        @Override
        public void onCompleted() {
            ended.complete(null);
        }

        List<String> payloads() {
            return received.stream().filter(BridgeFrame::hasEnvelope).map(f -> f.getEnvelope().getPayload().toStringUtf8())
                    .toList();
        }
    }

    @Test
    void queuedMessagesReachTheRemoteOnceItAttachesAndUnackedOnesComeAgain() throws Exception {
        long handled = bus.module("remote-x").handled();
        for (int i = 0; i < 10; i++) {
            bus.publish(Envelope.text("remote/in", "test", "q" + i));
        }
        Remote silent = new Remote("test-remote-secret-0123", false);
        await().atMost(Duration.ofSeconds(10)).until(() -> silent.payloads().size() == 1);
        silent.requests.onCompleted(); // leaves without acking q0

        Remote worker = new Remote("test-remote-secret-0123", true);
        await().atMost(Duration.ofSeconds(15)).until(() -> bus.module("remote-x").handled() == handled + 10);
        assertThat(worker.payloads()).containsExactly("q0", "q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "q9");
        worker.requests.onCompleted();
    }

    @Test
    void theRemotePublishesAsTheModuleWithinItsPublishList() {
        Remote remote = new Remote("test-remote-secret-0123", true);
        remote.requests.onNext(envelope("r1", "remote/out", "from afar"));
        remote.requests.onNext(envelope("r2", "elsewhere/x", "not allowed"));
        await().atMost(Duration.ofSeconds(10)).until(() -> remote.received.stream().filter(BridgeFrame::hasAck).count() == 2);
        assertThat(remote.received.stream().filter(BridgeFrame::hasAck).map(BridgeFrame::getAck))
                .anySatisfy(a -> assertThat(a).isEqualTo(Ack.newBuilder().setId("r1").setCode(0).build()))
                .anySatisfy(a -> {
                    assertThat(a.getId()).isEqualTo("r2");
                    assertThat(a.getCode()).isEqualTo(BusBridgeGrpcService.NOT_ALLOWED);
                });
        await().atMost(Duration.ofSeconds(10)).until(() -> CollectorModule.handled("remote-sink").stream()
                .anyMatch(e -> e.payloadText().equals("from afar") && e.source().equals("remote-x")));
        remote.requests.onCompleted();
    }

    @Test
    void aWrongSecretIsRefused() throws Exception {
        Remote intruder = new Remote("guessed-secret-000000", true);
        Throwable error = intruder.ended.get(10, TimeUnit.SECONDS);
        assertThat(Status.fromThrowable(error).getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    }

    private static BridgeFrame envelope(String id, String topic, String text) {
        return BridgeFrame.newBuilder().setEnvelope(io.gmq.proto.bus.v1.Envelope.newBuilder().setId(id).setTopic(topic)
                .setPayload(ByteString.copyFromUtf8(text))).build();
    }
}
