package io.gmq.im.common;

import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.grpc.stub.StreamObserver;

/**
 * How every IM gRPC service answers a unary call: the reply, a refusal with its catalogue code, or, for anything
 * unexpected (a store down), UNAVAILABLE so the caller retries, logged once per method and cause every 10 s.
 */
public final class GrpcAnswers {

    private static final Logger LOG = Logger.getLogger(GrpcAnswers.class);
    private static final FailureLog FAILURES = new FailureLog(java.time.Duration.ofSeconds(10));

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
            long unlogged = FAILURES.admit(method + e.getClass().getName());
            if (unlogged >= 0) {
                LOG.errorf(e, "GMQ-IM-002 %s failed, answered UNAVAILABLE (%d more such failures since the last line)",
                        method, unlogged);
            }
            response.onError(new ImException(ImCode.UNAVAILABLE, method + " failed: " + e).toStatus());
            return;
        }
        response.onNext(reply);
        response.onCompleted();
    }
}
