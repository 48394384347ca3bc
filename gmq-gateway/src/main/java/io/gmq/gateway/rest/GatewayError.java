package io.gmq.gateway.rest;

import jakarta.ws.rs.core.Response;

/**
 * The gateway's error catalogue. Codes: 4000–4039 bad request, 4010–4019 not authenticated, 4030–4039 not allowed,
 * 4040–4049 not found, 4050–4069 method or representation refused, 4090–4099 conflict with the current state,
 * 4130–4139 too large, 4150–4159 unsupported media type, 5000 internal error, 5030–5039 temporarily unable (retry
 * later). Bodies are {@code {"code","error","message"}}: every error answer of the gateway's HTTP port has one.
 */
public enum GatewayError {
    INVALID_REQUEST(4000, Response.Status.BAD_REQUEST),
    INVALID_TOPIC(4001, Response.Status.BAD_REQUEST),
    INVALID_LOG_LEVEL(4002, Response.Status.BAD_REQUEST),
    INVALID_UPLOAD(4004, Response.Status.BAD_REQUEST),
    UPLOAD_TOO_LARGE(4131, Response.Status.REQUEST_ENTITY_TOO_LARGE),
    MODULE_NOT_FOUND(4041, Response.Status.NOT_FOUND),
    MODULE_DISABLED(4091, Response.Status.CONFLICT),
    QUEUE_FULL(5031, Response.Status.SERVICE_UNAVAILABLE),
    STORAGE_UNAVAILABLE(5032, Response.Status.SERVICE_UNAVAILABLE),
    // Refusals of the HTTP layer itself (no resource ran): ErrorRoutes and GatewayExceptionMappers.
    UNAUTHENTICATED(4011, Response.Status.UNAUTHORIZED),
    FORBIDDEN(4031, Response.Status.FORBIDDEN),
    NOT_FOUND(4040, Response.Status.NOT_FOUND),
    METHOD_NOT_ALLOWED(4051, Response.Status.METHOD_NOT_ALLOWED),
    NOT_ACCEPTABLE(4061, Response.Status.NOT_ACCEPTABLE),
    REQUEST_TOO_LARGE(4130, Response.Status.REQUEST_ENTITY_TOO_LARGE),
    UNSUPPORTED_MEDIA_TYPE(4151, Response.Status.UNSUPPORTED_MEDIA_TYPE),
    INTERNAL(5000, Response.Status.INTERNAL_SERVER_ERROR);

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
        return Response.status(status).entity(body(message)).type("application/json").build();
    }

    public Body body(String message) {
        return new Body(code, name(), message);
    }

    /** The catalogue entry an HTTP status stands for when the HTTP layer, not a resource, refused the request. */
    public static GatewayError of(int status) {
        return switch (status) {
            case 401 -> UNAUTHENTICATED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 413 -> REQUEST_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            default -> status >= 500 ? INTERNAL : INVALID_REQUEST;
        };
    }

    public record Body(int code, String error, String message) {
    }
}
