package io.gmq.im.logic.rest;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.gmq.im.logic.service.GroupService;
import io.gmq.im.logic.service.TokenIssuer;
import io.quarkus.security.Authenticated;

/**
 * Groups over HTTP: the caller creates a group and owns it; the owner or an admin manages its members.
 */
@Path("/api/v1/groups")
@Authenticated
public class GroupResource {

    static final int MAX_MEMBERS = 1000;

    private final GroupService groups;
    private final JsonWebToken token;

    public GroupResource(GroupService groups, JsonWebToken token) {
        this.groups = groups;
        this.token = token;
    }

    @POST
    public Response create(@Valid @NotNull NewGroup body) {
        groups.create(token.getSubject(), body.id(), body.title(), body.members());
        return Response.status(201).entity(groups.members(token.getSubject(), admin(), body.id())).build();
    }

    @GET
    @Path("/{id}/members")
    public List<String> members(@PathParam("id") @ImId String id) {
        return groups.members(token.getSubject(), admin(), id);
    }

    @POST
    @Path("/{id}/members")
    public List<String> add(@PathParam("id") @ImId String id,
            @NotNull @Size(max = MAX_MEMBERS) List<@NotNull @ImId String> users) {
        groups.add(token.getSubject(), admin(), id, users);
        return groups.members(token.getSubject(), admin(), id);
    }

    @DELETE
    @Path("/{id}/members/{user}")
    public Response remove(@PathParam("id") @ImId String id, @PathParam("user") @ImId String user) {
        groups.remove(token.getSubject(), admin(), id, user);
        return Response.noContent().build();
    }

    private boolean admin() {
        return token.getGroups().contains(TokenIssuer.ADMIN_ROLE);
    }

    /** Limits of the im_group table: id 64, title 200; members per request bounded (one SQL parameter each). */
    public record NewGroup(@NotNull @ImId String id, @Size(max = 200) String title,
            @Size(max = MAX_MEMBERS) List<@NotNull @ImId String> members) {
    }
}
