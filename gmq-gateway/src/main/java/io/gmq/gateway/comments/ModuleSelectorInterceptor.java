package io.gmq.gateway.comments;

import jakarta.enterprise.context.ApplicationScoped;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/**
 * Reads gRPC metadata {@code x-gmq-module}: which comments module (and so which datasource) serves the call.
 */
@ApplicationScoped
public class ModuleSelectorInterceptor implements ServerInterceptor {

    static final Context.Key<String> MODULE = Context.key("gmq-module");
    private static final Metadata.Key<String> HEADER = Metadata.Key.of("x-gmq-module", Metadata.ASCII_STRING_MARSHALLER);

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
            ServerCallHandler<Q, A> next) {
        String module = headers.get(HEADER);
        return Contexts.interceptCall(Context.current().withValue(MODULE, module), call, headers, next);
    }
}
