package io.gmq.im.common;

import jakarta.enterprise.context.ApplicationScoped;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.quarkus.grpc.GlobalInterceptor;

/**
 * Adds the internal secret to every outgoing gRPC call of an IM tier (Quarkus clients get it globally; push adds it
 * to the channels it opens to comets).
 */
@ApplicationScoped
@GlobalInterceptor
public class InternalSecretClientInterceptor implements ClientInterceptor {

    private final String secret;

    public InternalSecretClientInterceptor(ImSecurityConfig config) {
        this.secret = config.internalSecret().orElse("");
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<R> listener, Metadata headers) {
                headers.put(InternalSecret.HEADER, secret);
                super.start(listener, headers);
            }
        };
    }
}
