package io.gmq.im.logic.service;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.gmq.im.common.ImCode;
import io.gmq.im.common.ImException;
import io.gmq.im.logic.entity.GroupMember;
import io.gmq.im.logic.entity.ImGroup;
import io.gmq.im.logic.entity.ImUser;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Groups and their members (PostgreSQL). The owner (or an admin) manages the member list; the owner is always a
 * member. A member removed from a group also leaves the group's rooms.
 */
@ApplicationScoped
public class GroupService {

    private final RoomService rooms;

    public GroupService(RoomService rooms) {
        this.rooms = rooms;
    }

    @Transactional
    public ImGroup create(String owner, String id, String title, List<String> members) {
        Names.require("group id", id);
        if (ImGroup.findById(id) != null) {
            throw new ImException(ImCode.INVALID, "group " + id + " exists");
        }
        ImGroup group = new ImGroup();
        group.id = id;
        group.title = title == null || title.isBlank() ? id : title;
        group.owner = owner;
        group.persist();
        Set<String> all = new LinkedHashSet<>();
        all.add(owner);
        if (members != null) {
            all.addAll(members);
        }
        addMembers(group, all);
        return group;
    }

    @Transactional
    public void add(String caller, boolean admin, String groupId, List<String> users) {
        ImGroup group = manageable(caller, admin, groupId);
        addMembers(group, new LinkedHashSet<>(users));
    }

    /**
     * Removes a member and, once that is committed, takes the user out of the group's rooms (the comets stop
     * delivering them at once); a room joined between the two is caught by the join's own second check.
     */
    public void remove(String caller, boolean admin, String groupId, String user) {
        QuarkusTransaction.requiringNew().run(() -> {
            ImGroup group = manageable(caller, admin, groupId);
            if (user.equals(group.owner)) {
                throw new ImException(ImCode.INVALID, "the owner stays a member");
            }
            GroupMember.delete("groupId = ?1 and userId = ?2", groupId, user);
        });
        rooms.revokeGroupRooms(user, groupId);
    }

    public List<String> members(String caller, boolean admin, String groupId) {
        group(groupId);
        if (!admin && !GroupMember.isMember(groupId, caller)) {
            throw new ImException(ImCode.NOT_MEMBER, "not a member of group " + groupId);
        }
        return GroupMember.members(groupId);
    }

    private static void addMembers(ImGroup group, Set<String> users) {
        if (ImUser.count("id in ?1", users) != users.size()) {
            throw new ImException(ImCode.INVALID, "unknown user among " + users);
        }
        for (String user : users) {
            if (!GroupMember.isMember(group.id, user)) {
                GroupMember member = new GroupMember();
                member.groupId = group.id;
                member.userId = user;
                member.persist();
            }
        }
    }

    private static ImGroup manageable(String caller, boolean admin, String groupId) {
        ImGroup group = group(groupId);
        if (!admin && !group.owner.equals(caller)) {
            throw new ImException(ImCode.FORBIDDEN, "only the owner or an admin manages group " + groupId);
        }
        return group;
    }

    private static ImGroup group(String groupId) {
        ImGroup group = ImGroup.findById(groupId);
        if (group == null) {
            throw new ImException(ImCode.NO_SUCH_GROUP, "no group " + groupId);
        }
        return group;
    }
}
