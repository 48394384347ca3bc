package io.gmq.gateway.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * The gateway's REST error chain: the JAX-RS errors of a malformed request, the security checks of a resource, and a
 * last resort, each with the {@link GatewayError} body, so no error answer is ever empty or an HTML page.
 */
public class GatewayExceptionMappers {

    private static final Logger LOG = Logger.getLogger(GatewayExceptionMappers.class);

    @ServerExceptionMapper
    public Response http(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        Response.ResponseBuilder answer = Response.status(status).entity(GatewayError.of(status).body(message(e, status)))
                .type("application/json");
        String allow = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
        if (allow != null) {
            answer.header(HttpHeaders.ALLOW, allow);
        }
        return answer.build();
    }

    @ServerExceptionMapper({ MismatchedInputException.class, JacksonException.class })
    public Response unreadable(JacksonException e) {
        return GatewayError.INVALID_REQUEST.response("the body is not the expected JSON: " + e.getOriginalMessage());
    }

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e) {
        return Response.fromResponse(GatewayError.UNAUTHENTICATED.response("valid credentials are required"))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"Quarkus\"").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return GatewayError.FORBIDDEN.response("not allowed for this user");
    }

    /** A bug, never bad input: logged with its stack, answered with the catalogue body. */
    @ServerExceptionMapper
    public Response unexpected(UriInfo uri, Throwable e) {
        LOG.errorf(e, "GMQ-WEB-002 %s failed unexpectedly, answered 500 INTERNAL", uri.getPath());
        return GatewayError.INTERNAL.response("internal error");
    }

    private static String message(WebApplicationException e, int status) {
        if (e.getCause() instanceof JacksonException json) {
            return "the body is not valid JSON: " + json.getOriginalMessage();
        }
        return switch (status) {
            case 404 -> "no such path";
            case 405 -> "method not allowed on this path";
            case 406 -> "no acceptable representation for the Accept header";
            case 415 -> "unsupported Content-Type";
            default -> e.getMessage();
        };
    }
}
