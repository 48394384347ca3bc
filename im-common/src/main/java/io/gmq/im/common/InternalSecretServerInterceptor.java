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
 * Refuses every incoming gRPC call of an IM tier that does not carry the internal secret, except the gRPC health
 * service (orchestrators probe it) and the public client API ({@value #PUBLIC_PREFIX}*), which authenticates its
 * callers by their user token instead.
 */
@ApplicationScoped
@GlobalInterceptor
public class InternalSecretServerInterceptor implements ServerInterceptor {

    static final String PUBLIC_PREFIX = "gmq.im.api.";

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
        String service = call.getMethodDescriptor().getServiceName();
        if (service.startsWith("grpc.health.") || service.startsWith(PUBLIC_PREFIX)
                || InternalSecret.matches(secret, headers.get(InternalSecret.HEADER))) {
            return next.startCall(call, headers);
        }
        call.close(Status.UNAUTHENTICATED.withDescription("missing or wrong internal secret"), new Metadata());
        return new ServerCall.Listener<>() {
        };
    }
}
