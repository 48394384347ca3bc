package io.gmq.im.common.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.gmq.im.common.ImCode;
import io.gmq.im.common.ImException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * The exception mappers every IM service's REST layer shares: catalogue refusals, the JAX-RS and Jackson errors of a
 * malformed request, the security checks of a resource, and a last resort so that no error answer is ever without
 * the {@code {"code","error","message"}} body.
 */
public class ImExceptionMappers {

    private static final Logger LOG = Logger.getLogger(ImExceptionMappers.class);

    @ServerExceptionMapper
    public Response refused(ImException e) {
        return ImHttpErrors.response(e.code(), e.getMessage());
    }

    /** Unknown path under a resource, wrong method, Content-Type or Accept, unreadable body (400 from Jackson). */
    @ServerExceptionMapper
    public Response http(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        ImCode code = ImHttpErrors.code(status);
        Response.ResponseBuilder answer = Response.status(status)
                .entity(ImHttpErrors.body(code, message(e, status))).type("application/json");
        String allow = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
        if (allow != null) {
            answer.header(HttpHeaders.ALLOW, allow);
        }
        return answer.build();
    }

    /** A body Jackson cannot bind (a string for a list, an object for a number...); replaces Quarkus' own mapper. */
    @ServerExceptionMapper({ MismatchedInputException.class, JacksonException.class })
    public Response unreadable(JacksonException e) {
        return ImHttpErrors.response(ImCode.INVALID, "the body does not match the expected JSON: " + e.getOriginalMessage());
    }

    /** An anonymous caller on a resource that needs a token (a bad token is refused earlier: ImErrorRoutes). */
    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e) {
        return Response.fromResponse(ImHttpErrors.response(ImCode.UNAUTHENTICATED, ImCode.UNAUTHENTICATED.description()))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return ImHttpErrors.response(ImCode.FORBIDDEN, "not allowed for this user");
    }

    /** A bug, never bad input: logged with its stack, answered with the catalogue body. */
    @ServerExceptionMapper
    public Response unexpected(UriInfo uri, Throwable e) {
        LOG.errorf(e, "GMQ-IM-003 %s failed unexpectedly, answered 500 INTERNAL", uri.getPath());
        return ImHttpErrors.response(ImCode.INTERNAL, "internal error");
    }

    private static String message(WebApplicationException e, int status) {
        if (e.getCause() instanceof JacksonException json) {
            return "the body is not valid JSON: " + json.getOriginalMessage();
        }
        return switch (status) {
            case 404 -> "no such path";
            case 405 -> "method not allowed on this path";
            case 406 -> "no acceptable representation: this API answers application/json";
            case 415 -> "unsupported Content-Type: send application/json";
            default -> e.getMessage();
        };
    }
}
