package io.gmq.common.http;

import io.quarkus.security.AuthenticationException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The error answers that never reach a REST resource, as JSON from a service's catalogue: no route for the path
 * (404) or the method (405), the security layer's refusals (401, 403: a bad bearer token or Basic password is
 * refused before any resource runs) and the HTTP layer's own (413 body over the limit, 4xx statuses). A service
 * subclasses it with its catalogue and installs it from a {@code @Observes Router} method.
 */
public abstract class JsonErrorRoutes {

    /** The catalogue's body for an HTTP status, e.g. {@code {"code","error","message"}}. */
    protected abstract Object body(int status, String message);

    /** The WWW-Authenticate challenge of a 401 (the schemes the service accepts). */
    protected abstract String challenge();

    protected void install(Router router) {
        router.errorHandler(404, ctx -> answer(ctx, 404, "no such path: " + ctx.request().path()));
        router.errorHandler(405,
                ctx -> answer(ctx, 405, ctx.request().method() + " is not allowed on " + ctx.request().path()));
        // Before Quarkus' last-resort handler, which answers these with an empty body (or an HTML page).
        router.route().order(Integer.MIN_VALUE).failureHandler(this::failure);
    }

    private void failure(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (ctx.response().headWritten()) {
            ctx.next();
        } else if (failure instanceof AuthenticationException || failure instanceof UnauthorizedException) {
            ctx.response().putHeader("WWW-Authenticate", challenge());
            answer(ctx, 401, "valid credentials are required");
        } else if (failure instanceof ForbiddenException) {
            answer(ctx, 403, "not allowed for this user");
        } else if (failure == null && ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
            answer(ctx, ctx.statusCode(), message(ctx.statusCode()));
        } else {
            ctx.next();
        }
    }

    private void answer(RoutingContext ctx, int status, String message) {
        if (ctx.response().headWritten()) {
            ctx.response().close();
            return;
        }
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(Json.encode(body(status, message)));
    }

    private static String message(int status) {
        return switch (status) {
            case 413 -> "the request body is over the size limit";
            case 400 -> "the request is malformed";
            default -> "the request was refused (HTTP " + status + ")";
        };
    }
}
