package io.gmq.gateway.grpc;

import java.util.HashMap;

import io.gmq.gateway.module.PublishResult;
import io.gmq.proto.bus.v1.Ack;
import io.gmq.proto.bus.v1.BridgeFrame;
import io.gmq.proto.bus.v1.BusBridge;
import io.gmq.proto.bus.v1.Envelope;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.quarkus.grpc.RegisterInterceptor;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * The gRPC bus bridge: a remote process opens one stream, says Hello with the name of a declared {@code remote}
 * module and presents that module's secret (metadata {@code x-gmq-module-secret}); from then on it receives the
 * module's messages (and acks them) and publishes as that module (each publish acked, code 0 or an error).
 */
@GrpcService
@RegisterInterceptor(BusBridgeGrpcService.SecretInterceptor.class)
public class BusBridgeGrpcService implements BusBridge {

    /** Error codes in Ack.code for publishes from a remote (4000 range: the request was refused). */
    static final int NOT_ALLOWED = 4003;
    static final int QUEUE_FULL = 5031;

    static final Context.Key<String> SECRET = Context.key("gmq-module-secret");

    private final RemoteModules modules;

    public BusBridgeGrpcService(RemoteModules modules) {
        this.modules = modules;
    }

    @Override
    public Multi<BridgeFrame> connect(Multi<BridgeFrame> frames) {
        String secret = SECRET.get();
        return Multi.createFrom().emitter(out -> {
            RemoteSession session = new RemoteSession(out);
            RemoteModule[] attached = new RemoteModule[1];
            frames.emitOn(Infrastructure.getDefaultWorkerPool()).subscribe().with(frame -> {
                if (attached[0] == null) {
                    attached[0] = hello(frame, secret, session, out);
                } else if (frame.hasAck()) {
                    session.acked(frame.getAck());
                } else if (frame.hasEnvelope()) {
                    session.reply(publish(attached[0], frame.getEnvelope()));
                }
            }, failure -> end(attached[0], session, "stream failed: " + failure.getMessage()),
                    () -> {
                        end(attached[0], session, "remote closed the stream");
                        out.complete();
                    });
            out.onTermination(() -> end(attached[0], session, "stream cancelled"));
        });
    }

    private RemoteModule hello(BridgeFrame frame, String secret, RemoteSession session,
            io.smallrye.mutiny.subscription.MultiEmitter<? super BridgeFrame> out) {
        if (!frame.hasHello()) {
            out.fail(Status.FAILED_PRECONDITION.withDescription("the first frame must be Hello").asRuntimeException());
            return null;
        }
        RemoteModule module = modules.get(frame.getHello().getModule());
        if (module == null || !module.accepts(secret)) {
            // One answer for both: do not tell a caller without the secret which modules exist.
            out.fail(Status.PERMISSION_DENIED.withDescription("unknown remote module or wrong secret").asRuntimeException());
            return null;
        }
        module.attach(session);
        return module;
    }

    private static Ack publish(RemoteModule module, Envelope envelope) {
        Ack.Builder ack = Ack.newBuilder().setId(envelope.getId());
        try {
            PublishResult result = module.context().publish(envelope.getTopic(), envelope.getPayload().toByteArray(),
                    new HashMap<>(envelope.getHeadersMap()));
            return result.fullyDelivered() ? ack.setCode(0).build()
                    : ack.setCode(QUEUE_FULL).setReason("queue full for " + result.rejectedBy()).build();
        } catch (IllegalArgumentException e) {
            return ack.setCode(NOT_ALLOWED).setReason(e.getMessage()).build();
        }
    }

    private static void end(RemoteModule module, RemoteSession session, String why) {
        if (module != null) {
            module.detach(session, why);
        } else {
            session.close(why);
        }
    }

    /** Reads metadata x-gmq-module-secret into the call's context. */
    @jakarta.enterprise.context.ApplicationScoped
    public static class SecretInterceptor implements ServerInterceptor {
        private static final Metadata.Key<String> HEADER = Metadata.Key.of("x-gmq-module-secret",
                Metadata.ASCII_STRING_MARSHALLER);

        @Override
        public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                ServerCallHandler<Q, A> next) {
            return Contexts.interceptCall(Context.current().withValue(SECRET, headers.get(HEADER)), call, headers, next);
        }
    }
}
