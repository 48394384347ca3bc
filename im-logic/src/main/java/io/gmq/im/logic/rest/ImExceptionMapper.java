package io.gmq.im.logic.rest;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.gmq.im.common.ImCode;
import io.gmq.im.common.ImException;

/**
 * Every refusal on the HTTP API is {@code {"code","error","message"}} with the catalogue code and a matching status.
 */
public class ImExceptionMapper {

    @ServerExceptionMapper
    public Response map(ImException e) {
        return error(e.code(), e.getMessage());
    }

    static Response error(ImCode code, String message) {
        return error(code, message, status(code));
    }

    static Response error(ImCode code, String message, int status) {
        return Response.status(status).entity(new ErrorBody(code.code(), code.name(), message)).build();
    }

    private static int status(ImCode code) {
        return switch (code) {
            case FORBIDDEN, NOT_MEMBER -> 403;
            case NO_SUCH_ROOM, NO_SUCH_GROUP -> 404;
            case TOO_LARGE -> 413;
            case UNAVAILABLE -> 503;
            case INTERNAL -> 500;
            default -> 400;
        };
    }

    /** The error body. */
    public record ErrorBody(int code, String error, String message) {
    }
}
