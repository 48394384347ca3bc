package io.gmq.im.logic.rest;

import java.util.List;
import java.util.Locale;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.gmq.im.common.ImCode;
import io.gmq.im.common.ImException;
import io.gmq.im.logic.service.SendService;
import io.gmq.im.logic.service.SessionService;
import io.gmq.im.logic.service.TokenIssuer;
import io.gmq.proto.im.logic.v1.SendReply;
import io.gmq.proto.im.logic.v1.SendRequest;
import io.gmq.proto.im.v1.Kind;
import io.quarkus.security.Authenticated;

/**
 * Sending over HTTP as the token's subject, the push API for trusted backends (admin role) and kicks (admin role).
 */
@Path("/api/v1")
@Authenticated
public class MessageResource {

    private final SendService send;
    private final SessionService sessions;
    private final JsonWebToken token;

    public MessageResource(SendService send, SessionService sessions, JsonWebToken token) {
        this.send = send;
        this.sessions = sessions;
        this.token = token;
    }

    @POST
    @Path("/messages")
    public Response send(@Valid @NotNull Outgoing body) {
        return accepted(send.send(request(body, kind(body.kind())).build()));
    }

    @POST
    @Path("/push/users")
    @RolesAllowed(TokenIssuer.ADMIN_ROLE)
    public Response pushUsers(@Valid @NotNull Outgoing body) {
        return accepted(send.send(request(body, Kind.MULTICAST).build()));
    }

    @POST
    @Path("/push/rooms/{room}")
    @RolesAllowed(TokenIssuer.ADMIN_ROLE)
    public Response pushRoom(@PathParam("room") @ImId String room, @Valid @NotNull Outgoing body) {
        return accepted(send.send(request(body, Kind.ROOM).setRoom(room).build()));
    }

    @POST
    @Path("/push/all")
    @RolesAllowed(TokenIssuer.ADMIN_ROLE)
    public Response pushAll(@Valid @NotNull Outgoing body) {
        return accepted(send.send(request(body, Kind.BROADCAST).build()));
    }

    @POST
    @Path("/admin/kick/{user}")
    @RolesAllowed(TokenIssuer.ADMIN_ROLE)
    public Kicked kick(@PathParam("user") @ImId String user) {
        return new Kicked(user, sessions.kick(user, "kicked by " + token.getSubject()));
    }

    private SendRequest.Builder request(Outgoing message, Kind kind) {
        SendRequest.Builder request = SendService.from(token).setKind(kind);
        request.setCid(nonNull(message.cid())).setBody(nonNull(message.body()));
        request.setRoom(nonNull(message.room())).setGroup(nonNull(message.group()));
        if (message.to() != null) {
            request.addAllTo(message.to());
        }
        return request;
    }

    static Kind kind(String kind) {
        try {
            return kind == null ? Kind.KIND_UNSPECIFIED : Kind.valueOf(kind.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ImException(ImCode.INVALID, "kind must be room, peer, group, broadcast or multicast");
        }
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }

    private static Response accepted(SendReply reply) {
        return Response.accepted(new Accepted(reply.getId(), reply.getTs(), reply.getDuplicate())).build();
    }

    /**
     * The send fields; the service checks what depends on the kind and configuration (cid required, body size,
     * recipients per kind).
     */
    public record Outgoing(@Size(max = 64) String cid, @Size(max = 16) String kind, @ImId String room, @ImId String group,
            @Size(max = 10_000) List<@NotNull @ImId String> to, String body) {
    }

    public record Accepted(String id, long ts, boolean duplicate) {
    }

    public record Kicked(String user, int closed) {
    }
}
