package io.gmq.im.common;

import io.grpc.Status;

/**
 * An internal call that failed in the connection (refused, reset, GOAWAY) before the callee answered: UNAVAILABLE to
 * the client, and safe to try again at once, since every internal call is idempotent (routes, joins, sends
 * de-duplicated by cid). Callers retry it with SmallRye Fault Tolerance.
 */
public class TransportFailure extends ImException {

    public TransportFailure(String message) {
        super(ImCode.UNAVAILABLE, message);
    }

    /** Whether a status without a catalogue code stands for a broken connection rather than an answer. */
    static boolean is(Status status) {
        String description = status.getDescription() == null ? "" : status.getDescription();
        return status.getCode() == Status.Code.UNAVAILABLE
                || (status.getCode() == Status.Code.INTERNAL && (description.contains("GOAWAY")
                        || description.contains("RST_STREAM") || description.contains("Connection closed")));
    }
}
