package io.gmq.im.common;

import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.grpc.stub.StreamObserver;

/**
 * How every IM gRPC service answers a unary call: the reply, a refusal with its catalogue code, or, for anything
 * unexpected (a store down), one log line and UNAVAILABLE so the caller retries.
 */
public final class GrpcAnswers {

    private static final Logger LOG = Logger.getLogger(GrpcAnswers.class);

    private GrpcAnswers() {
    }

    public static <T> void answer(StreamObserver<T> response, String method, Supplier<T> call) {
        T reply;
        try {
            reply = call.get();
        } catch (ImException e) {
            response.onError(e.toStatus());
            return;
        } catch (RuntimeException e) {
            LOG.errorf(e, "GMQ-IM-002 %s failed", method);
            response.onError(new ImException(ImCode.UNAVAILABLE, method + " failed: " + e).toStatus());
            return;
        }
        response.onNext(reply);
        response.onCompleted();
    }
}
