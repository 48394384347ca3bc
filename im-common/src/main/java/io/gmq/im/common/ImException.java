package io.gmq.im.common;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * A refusal with a code from the catalogue; it crosses gRPC as a status whose metadata carries the code, so a comet
 * can hand the same code to its client.
 */
public class ImException extends RuntimeException {

    public static final Metadata.Key<String> CODE = Metadata.Key.of("x-gmq-im-code", Metadata.ASCII_STRING_MARSHALLER);

    private final ImCode code;

    public ImException(ImCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ImCode code() {
        return code;
    }

    /** This refusal as a gRPC status exception with the code in the trailers. */
    public StatusRuntimeException toStatus() {
        Metadata trailers = new Metadata();
        trailers.put(CODE, Integer.toString(code.code()));
        return grpcStatus().withDescription(getMessage()).asRuntimeException(trailers);
    }

    private Status grpcStatus() {
        return switch (code) {
            case FORBIDDEN, NOT_MEMBER -> Status.PERMISSION_DENIED;
            case NO_SUCH_ROOM, NO_SUCH_GROUP -> Status.NOT_FOUND;
            case UNAVAILABLE -> Status.UNAVAILABLE;
            case INTERNAL -> Status.INTERNAL;
            default -> Status.INVALID_ARGUMENT;
        };
    }

    /** The refusal a gRPC failure stands for: its catalogue code when it has one, else UNAVAILABLE or INTERNAL. */
    public static ImException from(Throwable failure) {
        if (failure instanceof ImException im) {
            return im;
        }
        Status status = Status.fromThrowable(failure);
        Metadata trailers = Status.trailersFromThrowable(failure);
        String code = trailers == null ? null : trailers.get(CODE);
        if (code != null) {
            return new ImException(ImCode.of(Integer.parseInt(code)), status.getDescription());
        }
        if (TransportFailure.is(status)) {
            return new TransportFailure(status.getCode() + ": " + status.getDescription());
        }
        if (status.getCode() == Status.Code.UNAVAILABLE || status.getCode() == Status.Code.DEADLINE_EXCEEDED) {
            return new ImException(ImCode.UNAVAILABLE, status.getCode() + ": " + status.getDescription());
        }
        return new ImException(ImCode.INTERNAL, status.getCode() + ": " + status.getDescription());
    }
}
