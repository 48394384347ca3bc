package io.gmq.im.common;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;

/**
 * Refuses every incoming gRPC call of an IM tier that does not carry the internal secret (the gRPC health service
 * excepted, so orchestrators can probe).
 */
@ApplicationScoped
@GlobalInterceptor
public class InternalSecretServerInterceptor implements ServerInterceptor {

    private static final Logger LOG = Logger.getLogger(InternalSecretServerInterceptor.class);

    private final String secret;

    public InternalSecretServerInterceptor(ImSecurityConfig config) {
        this.secret = config.internalSecret().orElse(null);
        if (secret == null || secret.isEmpty()) {
            LOG.warn("GMQ-IM-001 gmq.im.internal-secret (IM_INTERNAL_SECRET) is not set: every internal gRPC call "
                    + "will be refused");
        }
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        if (call.getMethodDescriptor().getServiceName().startsWith("grpc.health.")
                || InternalSecret.matches(secret, headers.get(InternalSecret.HEADER))) {
            return next.startCall(call, headers);
        }
        call.close(Status.UNAUTHENTICATED.withDescription("missing or wrong internal secret"), new Metadata());
        return new ServerCall.Listener<>() {
        };
    }
}
