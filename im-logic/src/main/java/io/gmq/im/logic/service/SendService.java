package io.gmq.im.logic.service;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.gmq.common.id.Ids;
import io.gmq.im.common.Conversations;
import io.gmq.im.common.ImCode;
import io.gmq.im.common.ImException;
import io.gmq.im.common.ImKeys;
import io.gmq.im.logic.client.MessagePublisher;
import io.gmq.im.logic.config.LogicConfig;
import io.gmq.im.logic.entity.GroupMember;
import io.gmq.im.logic.entity.ImGroup;
import io.gmq.im.logic.entity.Room;
import io.gmq.im.logic.repository.KnownUsers;
import io.gmq.im.logic.repository.MembershipRepository;
import io.gmq.proto.im.logic.v1.SendReply;
import io.gmq.proto.im.logic.v1.SendRequest;
import io.gmq.proto.im.v1.Message;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;

/**
 * The send path: validate, authorize (the sender is the authenticated user; room and group membership; admin for
 * broadcast and multicast; an admin's room must exist), de-duplicate by the sender's client message id, and produce
 * one copy per conversation.
 */
@ApplicationScoped
public class SendService {

    private static final int MAX_CID = 64;

    private final MessagePublisher publisher;
    private final MembershipRepository membership;
    private final ValueCommands<String, String> values;
    private final LogicConfig config;
    private final KnownUsers knownUsers;
    /** A claim in flight longer than this belongs to an attempt that died (produce timeout plus a margin). */
    private final long staleMillis;

    public SendService(MessagePublisher publisher, MembershipRepository membership, KnownUsers knownUsers,
            RedisDataSource redis, LogicConfig config) {
        this.publisher = publisher;
        this.membership = membership;
        this.knownUsers = knownUsers;
        this.values = redis.value(String.class);
        this.config = config;
        this.staleMillis = config.produceTimeout().toMillis() + 2000;
    }

    /** A send request from the token's user (HTTP and the public gRPC API): the sender is never the caller's say. */
    public static SendRequest.Builder from(JsonWebToken token) {
        return SendRequest.newBuilder().setFrom(token.getSubject())
                .setAdmin(token.getGroups().contains(TokenIssuer.ADMIN_ROLE));
    }

    public SendReply send(SendRequest request) {
        validate(request);
        Message.Builder message = Message.newBuilder().setFrom(request.getFrom()).setCid(request.getCid())
                .setKind(request.getKind()).setBody(request.getBody());
        List<String> conversations = authorize(request, message);
        long now = System.currentTimeMillis();
        String key = ImKeys.clientId(request.getFrom(), request.getCid());
        SendClaim claim = new SendClaim(Ids.next(), now, SendClaim.PENDING, now);
        // SET NX GET: one round trip that either claims the cid or returns who claimed it first.
        String first = values.setGet(key, claim.value(), new SetArgs().nx().ex(config.clientIdTtl()));
        if (first != null) {
            SendClaim earlier = SendClaim.parse(first);
            if (earlier.state() == SendClaim.DONE) {
                return SendReply.newBuilder().setId(earlier.id()).setTs(earlier.ts()).setDuplicate(true).build();
            }
            if (!earlier.takeable(now, staleMillis)) {
                throw new ImException(ImCode.UNAVAILABLE, "a send with this cid is in progress; retry with the same cid");
            }
            // The earlier attempt may have reached Kafka although it was not acknowledged: the same id again, so push
            // gives it the same seq and the recipient drops the repeat.
            claim = earlier.with(SendClaim.PENDING, now);
            values.set(key, claim.value(), new SetArgs().ex(config.clientIdTtl()));
        }
        message.setId(claim.id()).setTs(claim.ts());
        try {
            publisher.publish(conversations.stream().map(c -> message.setConversation(c).build()).toList());
        } catch (ImException e) {
            // Not promised, maybe written (a produce that timed out): the retry publishes the same id.
            values.set(key, claim.with(SendClaim.FAILED, now).value(), new SetArgs().ex(config.clientIdTtl()));
            throw e;
        }
        values.set(key, claim.with(SendClaim.DONE, now).value(), new SetArgs().ex(config.clientIdTtl()));
        return SendReply.newBuilder().setId(claim.id()).setTs(claim.ts()).build();
    }

    private void validate(SendRequest request) {
        if (request.getCid().isEmpty() || request.getCid().length() > MAX_CID) {
            throw new ImException(ImCode.INVALID, "cid must be 1.." + MAX_CID + " characters");
        }
        if (request.getBody().isEmpty()) {
            throw new ImException(ImCode.INVALID, "body is empty");
        }
        int bytes = request.getBody().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > config.maxBodyBytes()) {
            throw new ImException(ImCode.TOO_LARGE, "body is " + bytes + " bytes, the limit is " + config.maxBodyBytes());
        }
    }

    /** Fills the audience fields and returns the conversations that get a copy. */
    private List<String> authorize(SendRequest request, Message.Builder message) {
        String from = request.getFrom();
        return switch (request.getKind()) {
            case ROOM -> {
                require(!request.getRoom().isEmpty(), "room is required");
                if (!membership.isMember(from, request.getRoom())) {
                    // Only off the members' path: which refusal, as join answers it. Admins (the push API of
                    // trusted backends) may post to any room that exists.
                    if (Room.findById(request.getRoom()) == null) {
                        throw new ImException(ImCode.NO_SUCH_ROOM, "no room " + request.getRoom());
                    }
                    if (!request.getAdmin()) {
                        throw new ImException(ImCode.NOT_MEMBER, "join room " + request.getRoom() + " before sending to it");
                    }
                }
                message.setRoom(request.getRoom());
                yield List.of(Conversations.room(request.getRoom()));
            }
            case PEER -> {
                require(request.getToCount() == 1, "a peer message has exactly one recipient in 'to'");
                yield inboxes(message, Set.of(request.getTo(0)));
            }
            case MULTICAST -> {
                // One send, up to max-recipients inboxes: for trusted backends (the push API), not for users, who
                // address people one by one (peer) or through a group they share.
                if (!request.getAdmin()) {
                    throw new ImException(ImCode.FORBIDDEN, "multicast needs the admin role");
                }
                Set<String> to = new LinkedHashSet<>(request.getToList());
                require(!to.isEmpty() && to.size() <= config.maxRecipients(),
                        "a multicast has 1.." + config.maxRecipients() + " recipients");
                yield inboxes(message, to);
            }
            case GROUP -> group(request, message);
            case BROADCAST -> {
                if (!request.getAdmin()) {
                    throw new ImException(ImCode.FORBIDDEN, "broadcast needs the admin role");
                }
                yield List.of(Conversations.BROADCAST);
            }
            default -> throw new ImException(ImCode.INVALID, "kind must be room, peer, group, broadcast or multicast");
        };
    }

    private List<String> group(SendRequest request, Message.Builder message) {
        require(!request.getGroup().isEmpty(), "group is required");
        if (ImGroup.findById(request.getGroup()) == null) {
            throw new ImException(ImCode.NO_SUCH_GROUP, "no group " + request.getGroup());
        }
        if (!GroupMember.isMember(request.getGroup(), request.getFrom())) {
            throw new ImException(ImCode.NOT_MEMBER, "not a member of group " + request.getGroup());
        }
        message.setGroup(request.getGroup());
        return GroupMember.members(request.getGroup()).stream().map(Conversations::inbox).toList();
    }

    private List<String> inboxes(Message.Builder message, Set<String> users) {
        Set<String> unknown = knownUsers.unknown(users);
        if (!unknown.isEmpty()) {
            throw new ImException(ImCode.INVALID, "unknown recipient(s) " + unknown);
        }
        message.addAllTo(users);
        return users.stream().map(Conversations::inbox).toList();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new ImException(ImCode.INVALID, message);
        }
    }
}
