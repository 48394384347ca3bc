package io.gmq.im.logic.rest;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletionException;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.hibernate.exception.JDBCConnectionException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.gmq.im.common.FailureLog;
import io.gmq.im.common.ImCode;
import io.gmq.im.common.ImException;
import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.impl.NoStackTraceThrowable;

/**
 * Every refusal on the HTTP API is {@code {"code","error","message"}} with the catalogue code and a matching status.
 */
public class ImExceptionMapper {

    private static final Logger LOG = Logger.getLogger(ImExceptionMapper.class);
    private static final FailureLog FAILURES = new FailureLog(Duration.ofSeconds(10));

    @ServerExceptionMapper
    public Response map(ImException e) {
        return error(e.code(), e.getMessage());
    }

    /**
     * A backend that is really overloaded or away (no Redis connection within the waiting queue, no database
     * connection within the acquisition timeout): 503 with the catalogue body, so the client retries; never a 500.
     */
    @ServerExceptionMapper({ ConnectionPoolTooBusyException.class, VertxException.class, JDBCConnectionException.class,
            io.smallrye.mutiny.TimeoutException.class })
    public Response unavailable(UriInfo uri, RuntimeException e) {
        long unlogged = FAILURES.admit(e.getClass().getName());
        if (unlogged >= 0) {
            LOG.warnf("GMQ-LGC-030 %s answered 503 UNAVAILABLE: %s (%d more since the last line)", uri.getPath(), e,
                    unlogged);
        }
        return error(ImCode.UNAVAILABLE, "a backend is busy or unavailable; retry");
    }

    /**
     * A blocking client call whose connection failed (the Redis client wraps a refused connection in a
     * CompletionException while Redis restarts): 503 like any backend away, so the client retries with its cid.
     */
    @ServerExceptionMapper
    public Response failedCall(UriInfo uri, CompletionException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            // NoStackTraceThrowable: the Redis client's "Connection is closed" when Redis went away mid-call.
            if (cause instanceof IOException || cause instanceof VertxException || cause instanceof NoStackTraceThrowable) {
                return unavailable(uri, e);
            }
        }
        LOG.errorf(e, "GMQ-LGC-031 %s failed", uri.getPath());
        return error(ImCode.INTERNAL, "internal error; see the server log");
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
