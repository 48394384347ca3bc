package io.gmq.im.logic.rest;

import java.util.List;
import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.gmq.im.logic.entity.Room;
import io.gmq.im.logic.service.RoomService;
import io.gmq.im.logic.service.TokenIssuer;
import io.gmq.proto.im.logic.v1.RoomReply;
import io.quarkus.security.Authenticated;

/**
 * Rooms over HTTP: list, create (admin), join and leave as the token's subject, members and counts.
 */
@Path("/api/v1/rooms")
@Authenticated
public class RoomResource {

    private final RoomService rooms;
    private final JsonWebToken token;

    public RoomResource(RoomService rooms, JsonWebToken token) {
        this.rooms = rooms;
        this.token = token;
    }

    @GET
    public List<RoomView> list() {
        return rooms.list().stream().map(r -> view(r, rooms.reply(r.id))).toList();
    }

    @POST
    @RolesAllowed(TokenIssuer.ADMIN_ROLE)
    public Response create(@Valid @NotNull NewRoom body) {
        Room created = rooms.create(body.id(), body.title(), body.group());
        return Response.status(201).entity(view(created, rooms.reply(created.id))).build();
    }

    @POST
    @Path("/{id}/join")
    public Counts join(@PathParam("id") @ImId String id) {
        return counts(rooms.join(token.getSubject(), id));
    }

    @POST
    @Path("/{id}/leave")
    public Counts leave(@PathParam("id") @ImId String id) {
        return counts(rooms.leave(token.getSubject(), id));
    }

    @GET
    @Path("/{id}/members")
    public Set<String> members(@PathParam("id") @ImId String id) {
        return rooms.members(token.getSubject(), token.getGroups().contains(TokenIssuer.ADMIN_ROLE), id);
    }

    @GET
    @Path("/{id}/count")
    public Counts count(@PathParam("id") @ImId String id) {
        rooms.requireRoom(id);
        return counts(rooms.reply(id));
    }

    private static RoomView view(Room room, RoomReply counts) {
        return new RoomView(room.id, room.title, room.groupId, counts.getMembers(), counts.getOnline());
    }

    private static Counts counts(RoomReply reply) {
        return new Counts(reply.getRoom(), reply.getMembers(), reply.getOnline());
    }

    /** Limits of the im_room table: id and group 64, title 200. */
    public record NewRoom(@NotNull @ImId String id, @Size(max = 200) String title, @ImId String group) {
    }

    public record RoomView(String id, String title, String group, int members, int online) {
    }

    public record Counts(String room, int members, int online) {
    }
}
