package io.gmq.im.common.rest;

import jakarta.ws.rs.core.Response;

import io.gmq.im.common.ImCode;

/**
 * The shape of every HTTP error answer of the IM services, {@code {"code","error","message"}}, and which HTTP status
 * goes with which catalogue code (and back).
 */
public final class ImHttpErrors {

    private ImHttpErrors() {
    }

    public static Response response(ImCode code, String message) {
        return response(code, message, status(code));
    }

    public static Response response(ImCode code, String message, int status) {
        return Response.status(status).entity(body(code, message)).type("application/json").build();
    }

    public static ErrorBody body(ImCode code, String message) {
        return new ErrorBody(code.code(), code.name(), message);
    }

    public static int status(ImCode code) {
        return switch (code) {
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN, NOT_MEMBER -> 403;
            case NO_SUCH_ROOM, NO_SUCH_GROUP, NOT_FOUND -> 404;
            case METHOD_NOT_ALLOWED -> 405;
            case NOT_ACCEPTABLE -> 406;
            case TOO_LARGE -> 413;
            case UNSUPPORTED_MEDIA_TYPE -> 415;
            case UNAVAILABLE -> 503;
            case INTERNAL -> 500;
            default -> 400;
        };
    }

    /** The catalogue code an HTTP status stands for when the refusal came from the HTTP layer, not an operation. */
    public static ImCode code(int status) {
        return switch (status) {
            case 401 -> ImCode.UNAUTHENTICATED;
            case 403 -> ImCode.FORBIDDEN;
            case 404 -> ImCode.NOT_FOUND;
            case 405 -> ImCode.METHOD_NOT_ALLOWED;
            case 406 -> ImCode.NOT_ACCEPTABLE;
            case 413 -> ImCode.TOO_LARGE;
            case 415 -> ImCode.UNSUPPORTED_MEDIA_TYPE;
            case 503 -> ImCode.UNAVAILABLE;
            default -> status >= 500 ? ImCode.INTERNAL : ImCode.INVALID;
        };
    }

    /** The error body. */
    public record ErrorBody(int code, String error, String message) {
    }
}
