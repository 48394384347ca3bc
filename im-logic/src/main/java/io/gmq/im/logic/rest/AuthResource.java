package io.gmq.im.logic.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import io.gmq.im.common.ImCode;
import io.gmq.im.common.rest.ImHttpErrors;
import io.gmq.im.logic.config.LogicConfig;
import io.gmq.im.logic.service.TokenIssuer;
import io.gmq.im.logic.service.UserService;

/**
 * Accounts: login (a JWT for the WebSocket and the API), self-registration when enabled, and user creation by an
 * admin.
 */
@Path("/api/v1")
public class AuthResource {

    static final int MIN_PASSWORD = 8;
    static final int MAX_PASSWORD = 1024;

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
    public Response login(@Valid @NotNull Login body) {
        String token = users.login(body.user(), body.password());
        if (token == null) {
            return ImHttpErrors.response(ImCode.UNAUTHENTICATED, "wrong user or password");
        }
        return Response.ok(new Token(token, tokens.ttlSeconds())).build();
    }

    @POST
    @Path("/register")
    @PermitAll
    public Response register(@Valid @NotNull Credentials body) {
        if (!config.registration()) {
            return ImHttpErrors.response(ImCode.FORBIDDEN, "self-registration is disabled; ask an admin");
        }
        users.create(body.user(), body.password(), false);
        return Response.status(201).entity(new UserView(body.user(), false)).build();
    }

    @POST
    @Path("/users")
    @RolesAllowed(TokenIssuer.ADMIN_ROLE)
    public Response create(@Valid @NotNull NewUser body) {
        users.create(body.user(), body.password(), body.admin());
        return Response.status(201).entity(new UserView(body.user(), body.admin())).build();
    }

    /** Lenient on purpose (a wrong user is a 401, not a hint), bounded so a huge password costs no hashing. */
    public record Login(@Size(max = 64) String user, @Size(max = MAX_PASSWORD) String password) {
    }

    public record Credentials(@NotNull @ImId String user,
            @NotNull @Size(min = MIN_PASSWORD, max = MAX_PASSWORD) String password) {
    }

    public record NewUser(@NotNull @ImId String user, @NotNull @Size(min = MIN_PASSWORD, max = MAX_PASSWORD) String password,
            boolean admin) {
    }

    public record Token(String token, long expiresIn) {
    }

    public record UserView(String user, boolean admin) {
    }
}
