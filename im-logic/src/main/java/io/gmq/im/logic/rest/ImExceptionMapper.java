package io.gmq.im.logic.rest;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.hibernate.JDBCException;
import org.hibernate.exception.GenericJDBCException;
import org.hibernate.exception.JDBCConnectionException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.gmq.im.common.FailureLog;
import io.gmq.im.common.ImCode;
import io.gmq.im.common.rest.ImHttpErrors;
import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.redis.client.impl.types.ErrorType;

/**
 * im-logic's own additions to the IM services' error chain ({@code im-common} {@code ImExceptionMappers}): Bean
 * Validation refusals (400, 1004) and backends that are busy or away (503, 1009).
 */
public class ImExceptionMapper {

    private static final Logger LOG = Logger.getLogger(ImExceptionMapper.class);
    private static final FailureLog FAILURES = new FailureLog(Duration.ofSeconds(10));

    /** A request that breaks a constraint of its DTO or path: every broken field named, e.g. "id: must be ...". */
    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        return ImHttpErrors.response(ImCode.INVALID, describe(e));
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
        return ImHttpErrors.response(ImCode.UNAVAILABLE, "a backend is busy or unavailable; retry");
    }

    /**
     * A blocking client call whose connection failed (the Redis client wraps a refused connection in a
     * CompletionException while Redis restarts): 503 like any backend away, so the client retries with its cid.
     */
    @ServerExceptionMapper
    public Response failedCall(UriInfo uri, CompletionException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            // NoStackTraceThrowable "Connection is closed", ErrorType CONNECTION_CLOSED: the Redis client's words for
            // Redis going away mid-call.
            if (cause instanceof IOException || cause instanceof VertxException || cause instanceof NoStackTraceThrowable
                    || cause instanceof ErrorType redis && redis.is("CONNECTION_CLOSED")) {
                return unavailable(uri, e);
            }
        }
        LOG.errorf(e, "GMQ-LGC-031 %s failed", uri.getPath());
        return ImHttpErrors.response(ImCode.INTERNAL, "internal error; see the server log");
    }

    /**
     * A database error: PostgreSQL away (shut down, restarting, no connection within the pool's acquisition timeout)
     * is 503 like any backend away; any other database error is a real failure (500, logged).
     */
    @ServerExceptionMapper
    public Response database(UriInfo uri, GenericJDBCException e) {
        if (databaseAway(e)) {
            return unavailable(uri, e);
        }
        LOG.errorf(e, "GMQ-LGC-032 %s failed in the database", uri.getPath());
        return ImHttpErrors.response(ImCode.INTERNAL, "internal error; see the server log");
    }

    /**
     * SQLState class 08 (connection) or 57P (the server shutting down or starting) — Hibernate turns only the first
     * into a JDBCConnectionException — or Agroal's acquisition timeout, a SQLException with no SQLState at all.
     */
    static boolean databaseAway(JDBCException e) {
        String state = e.getSQLState();
        if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
            return true;
        }
        SQLException cause = e.getSQLException();
        return cause != null && cause.getSQLState() == null && cause.getMessage() != null
                && cause.getMessage().startsWith("Acquisition timeout");
    }

    /** The violations as one message for the client (HTTP bodies and gRPC descriptions). */
    public static String describe(ConstraintViolationException e) {
        return e.getConstraintViolations().stream().map(v -> field(v) + ": " + v.getMessage()).sorted()
                .collect(Collectors.joining("; "));
    }

    /** The field as the client wrote it: "title", "members[2]", a path parameter's name; not the Java method. */
    private static String field(ConstraintViolation<?> violation) {
        List<Path.Node> nodes = new ArrayList<>();
        violation.getPropertyPath().forEach(node -> {
            if (node.getKind() != ElementKind.METHOD) {
                nodes.add(node);
            }
        });
        // A body's parameter name says nothing to the client when a field of it follows.
        if (nodes.size() > 1 && nodes.get(0).getKind() == ElementKind.PARAMETER
                && nodes.get(1).getKind() == ElementKind.PROPERTY) {
            nodes.remove(0);
        }
        StringBuilder field = new StringBuilder();
        for (Path.Node node : nodes) {
            String name = node.getName() == null || node.getName().startsWith("<") ? "" : node.getName();
            if (!name.isEmpty()) {
                field.append(field.isEmpty() ? "" : ".").append(name);
            }
            if (node.getIndex() != null) {
                field.append('[').append(node.getIndex()).append(']');
            }
        }
        return field.isEmpty() ? "body" : field.toString();
    }
}
