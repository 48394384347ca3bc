package io.gmq.im.logic.service;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.gmq.im.common.ImCode;
import io.gmq.im.common.ImException;
import io.gmq.im.logic.entity.GroupMember;
import io.gmq.im.logic.entity.ImGroup;
import io.gmq.im.logic.entity.Room;
import io.gmq.im.logic.repository.CometRegistry;
import io.gmq.im.logic.repository.MembershipRepository;
import io.gmq.proto.im.logic.v1.RoomReply;

/**
 * Rooms: the catalogue (PostgreSQL), who may join (public rooms: anyone; group rooms: the group's members, who lose
 * the room when they leave the group),
 * membership (Redis, passed on to the comets hosting the user) and online counts (the comets' per-room user counts
 * from their last renew, summed). Nothing here costs more with more members.
 */
@ApplicationScoped
public class RoomService {

    private final MembershipRepository membership;
    private final CometRegistry comets;
    private final SessionService sessions;

    public RoomService(MembershipRepository membership, CometRegistry comets, SessionService sessions) {
        this.membership = membership;
        this.comets = comets;
        this.sessions = sessions;
    }

    public RoomReply join(String user, String roomId) {
        Room room = room(roomId);
        if (room.groupId != null && !GroupMember.isMember(room.groupId, user)) {
            throw new ImException(ImCode.FORBIDDEN, "room " + roomId + " is open only to group " + room.groupId);
        }
        membership.join(user, roomId);
        // Checked again after the write: a removal from the group that committed meanwhile revoked the rooms before
        // this join reached Redis, and would otherwise leave the user in.
        if (room.groupId != null && !GroupMember.isMember(room.groupId, user)) {
            membership.leave(user, roomId);
            throw new ImException(ImCode.FORBIDDEN, "room " + roomId + " is open only to group " + room.groupId);
        }
        sessions.roomsChanged(user, List.of(roomId), List.of());
        return reply(roomId);
    }

    /** Leaving a room one is not in is answered as a success; a room that does not exist is NO_SUCH_ROOM. */
    public RoomReply leave(String user, String roomId) {
        room(roomId);
        membership.leave(user, roomId);
        sessions.roomsChanged(user, List.of(), List.of(roomId));
        return reply(roomId);
    }

    /**
     * A user left a group: out of every room bound to it, in Redis (push and sends see it at once) and on the comets
     * hosting the user's sessions (they stop writing those rooms' messages before this returns).
     */
    public void revokeGroupRooms(String user, String groupId) {
        List<String> left = Room.<Room> list("groupId", groupId).stream().map(room -> room.id)
                .filter(room -> membership.isMember(user, room)).toList();
        if (left.isEmpty()) {
            return;
        }
        left.forEach(room -> membership.leave(user, room));
        sessions.roomsChanged(user, List.of(), left);
    }

    /** The rooms a user has joined. */
    public Set<String> roomsOf(String user) {
        return membership.rooms(user);
    }

    public RoomReply reply(String roomId) {
        return RoomReply.newBuilder().setRoom(roomId).setOnline(online(roomId)).setMembers((int) membership.count(roomId))
                .build();
    }

    public int online(String roomId) {
        return comets.online(List.of(roomId)).get(roomId);
    }

    public Map<String, Integer> online(Collection<String> rooms) {
        return comets.online(rooms);
    }

    /** The members of a room: anyone may read a public room's, only the group's members (and admins) a group room's. */
    public Set<String> members(String caller, boolean admin, String roomId) {
        Room room = room(roomId);
        if (room.groupId != null && !admin && !GroupMember.isMember(room.groupId, caller)) {
            throw new ImException(ImCode.NOT_MEMBER, "the members of room " + roomId + " are shown to group "
                    + room.groupId + " only");
        }
        return membership.members(roomId);
    }

    /** Throws NO_SUCH_ROOM unless the room exists. */
    public void requireRoom(String roomId) {
        room(roomId);
    }

    public List<Room> list() {
        return Room.listAll();
    }

    @Transactional
    public Room create(String id, String title, String groupId) {
        if (Room.findById(id) != null) {
            throw new ImException(ImCode.INVALID, "room " + id + " exists");
        }
        boolean bound = groupId != null && !groupId.isBlank();
        // A room bound to a group that does not exist would go to whoever creates that group first.
        if (bound && ImGroup.findById(groupId) == null) {
            throw new ImException(ImCode.NO_SUCH_GROUP, "no group " + groupId + " to bind room " + id + " to");
        }
        Room room = new Room();
        room.id = id;
        room.title = title == null || title.isBlank() ? id : title;
        room.groupId = bound ? groupId : null;
        room.persist();
        return room;
    }

    private static Room room(String roomId) {
        Room room = Room.findById(roomId);
        if (room == null) {
            throw new ImException(ImCode.NO_SUCH_ROOM, "no room " + roomId);
        }
        return room;
    }
}
