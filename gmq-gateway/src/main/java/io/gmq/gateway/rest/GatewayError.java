package io.gmq.gateway.rest;

import jakarta.ws.rs.core.Response;

/**
 * The gateway's error catalogue. Codes: 4000–4039 bad request, 4040–4049 not found, 4090–4099 conflict with the
 * current state, 4130–4139 too large, 5030–5039 temporarily unable (retry later). Bodies are
 * {@code {"code","error","message"}}.
 */
public enum GatewayError {
    INVALID_TOPIC(4001, Response.Status.BAD_REQUEST),
    INVALID_LOG_LEVEL(4002, Response.Status.BAD_REQUEST),
    INVALID_UPLOAD(4004, Response.Status.BAD_REQUEST),
    UPLOAD_TOO_LARGE(4131, Response.Status.REQUEST_ENTITY_TOO_LARGE),
    MODULE_NOT_FOUND(4041, Response.Status.NOT_FOUND),
    MODULE_DISABLED(4091, Response.Status.CONFLICT),
    QUEUE_FULL(5031, Response.Status.SERVICE_UNAVAILABLE),
    STORAGE_UNAVAILABLE(5032, Response.Status.SERVICE_UNAVAILABLE);

    private final int code;
    private final Response.Status status;

    GatewayError(int code, Response.Status status) {
        this.code = code;
        this.status = status;
    }

    public int code() {
        return code;
    }

    /** The HTTP response carrying this error and a message for the caller. */
    public Response response(String message) {
        return Response.status(status).entity(new Body(code, name(), message)).build();
    }

    public record Body(int code, String error, String message) {
    }
}
