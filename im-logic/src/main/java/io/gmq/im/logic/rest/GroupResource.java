package io.gmq.im.logic.rest;

import java.util.List;

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

    private final GroupService groups;
    private final JsonWebToken token;

    public GroupResource(GroupService groups, JsonWebToken token) {
        this.groups = groups;
        this.token = token;
    }

    @POST
    public Response create(NewGroup group) {
        groups.create(token.getSubject(), group.id(), group.title(), group.members());
        return Response.status(201).entity(groups.members(token.getSubject(), admin(), group.id())).build();
    }

    @GET
    @Path("/{id}/members")
    public List<String> members(@PathParam("id") String id) {
        return groups.members(token.getSubject(), admin(), id);
    }

    @POST
    @Path("/{id}/members")
    public List<String> add(@PathParam("id") String id, List<String> users) {
        groups.add(token.getSubject(), admin(), id, users == null ? List.of() : users);
        return groups.members(token.getSubject(), admin(), id);
    }

    @DELETE
    @Path("/{id}/members/{user}")
    public Response remove(@PathParam("id") String id, @PathParam("user") String user) {
        groups.remove(token.getSubject(), admin(), id, user);
        return Response.noContent().build();
    }

    private boolean admin() {
        return token.getGroups().contains(TokenIssuer.ADMIN_ROLE);
    }

    public record NewGroup(String id, String title, List<String> members) {
    }
}
