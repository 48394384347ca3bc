package io.gmq.im.logic.rest;

import java.util.List;
import java.util.Locale;

import jakarta.annotation.security.RolesAllowed;
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
    public Response send(Outgoing message) {
        return accepted(send.send(request(message, kind(message.kind())).build()));
    }

    @POST
    @Path("/push/users")
    @RolesAllowed(TokenIssuer.ADMIN_ROLE)
    public Response pushUsers(Outgoing message) {
        return accepted(send.send(request(message, Kind.MULTICAST).build()));
    }

    @POST
    @Path("/push/rooms/{room}")
    @RolesAllowed(TokenIssuer.ADMIN_ROLE)
    public Response pushRoom(@PathParam("room") String room, Outgoing message) {
        return accepted(send.send(request(message, Kind.ROOM).setRoom(room).build()));
    }

    @POST
    @Path("/push/all")
    @RolesAllowed(TokenIssuer.ADMIN_ROLE)
    public Response pushAll(Outgoing message) {
        return accepted(send.send(request(message, Kind.BROADCAST).build()));
    }

    @POST
    @Path("/admin/kick/{user}")
    @RolesAllowed(TokenIssuer.ADMIN_ROLE)
    public Kicked kick(@PathParam("user") String user) {
        return new Kicked(user, sessions.kick(user, "kicked by " + token.getSubject()));
    }

    private SendRequest.Builder request(Outgoing message, Kind kind) {
        if (message == null) {
            throw new ImException(ImCode.INVALID, "a JSON body is required");
        }
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

    public record Outgoing(String cid, String kind, String room, String group, List<String> to, String body) {
    }

    public record Accepted(String id, long ts, boolean duplicate) {
    }

    public record Kicked(String user, int closed) {
    }
}
