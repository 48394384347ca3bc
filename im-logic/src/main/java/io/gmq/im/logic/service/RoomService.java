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
import io.gmq.im.logic.entity.Room;
import io.gmq.im.logic.repository.CometRegistry;
import io.gmq.im.logic.repository.MembershipRepository;
import io.gmq.proto.im.logic.v1.RoomReply;

/**
 * Rooms: the catalogue (PostgreSQL), who may join (public rooms: anyone; group rooms: the group's members),
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
        sessions.roomsChanged(user, List.of(roomId), List.of());
        return reply(roomId);
    }

    public RoomReply leave(String user, String roomId) {
        membership.leave(user, roomId);
        sessions.roomsChanged(user, List.of(), List.of(roomId));
        return reply(roomId);
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

    public Set<String> members(String roomId) {
        room(roomId);
        return membership.members(roomId);
    }

    public List<Room> list() {
        return Room.listAll();
    }

    @Transactional
    public Room create(String id, String title, String groupId) {
        if (Room.findById(id) != null) {
            throw new ImException(ImCode.INVALID, "room " + id + " exists");
        }
        Room room = new Room();
        room.id = id;
        room.title = title == null || title.isBlank() ? id : title;
        room.groupId = groupId;
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
