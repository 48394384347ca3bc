package io.gmq.im.logic.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import io.gmq.im.common.ImCode;
import io.gmq.im.logic.config.LogicConfig;
import io.gmq.im.logic.service.TokenIssuer;
import io.gmq.im.logic.service.UserService;

/**
 * Accounts: login (a JWT for the WebSocket and the API), self-registration when enabled, and user creation by an
 * admin.
 */
@Path("/api/v1")
public class AuthResource {

    private final UserService users;
    private final TokenIssuer tokens;
    private final LogicConfig config;

    public AuthResource(UserService users, TokenIssuer tokens, LogicConfig config) {
        this.users = users;
        this.tokens = tokens;
        this.config = config;
    }

    @POST
    @Path("/login")
    @PermitAll
    public Response login(Credentials credentials) {
        String token = credentials == null ? null : users.login(credentials.user(), credentials.password());
        if (token == null) {
            return ImExceptionMapper.error(ImCode.FORBIDDEN, "wrong user or password", 401);
        }
        return Response.ok(new Token(token, tokens.ttlSeconds())).build();
    }

    @POST
    @Path("/register")
    @PermitAll
    public Response register(Credentials credentials) {
        if (!config.registration()) {
            return ImExceptionMapper.error(ImCode.FORBIDDEN, "self-registration is disabled; ask an admin");
        }
        users.create(credentials.user(), credentials.password(), false);
        return Response.status(201).entity(new UserView(credentials.user(), false)).build();
    }

    @POST
    @Path("/users")
    @RolesAllowed(TokenIssuer.ADMIN_ROLE)
    public Response create(NewUser user) {
        users.create(user.user(), user.password(), user.admin());
        return Response.status(201).entity(new UserView(user.user(), user.admin())).build();
    }

    public record Credentials(String user, String password) {
    }

    public record NewUser(String user, String password, boolean admin) {
    }

    public record Token(String token, long expiresIn) {
    }

    public record UserView(String user, boolean admin) {
    }
}
