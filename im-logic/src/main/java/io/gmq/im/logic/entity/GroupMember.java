package io.gmq.im.logic.entity;

import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

import io.quarkus.hibernate.orm.panache.PanacheEntity;

/**
 * One user's membership of one group.
 */
@Entity
@Table(name = "im_group_member", uniqueConstraints = @UniqueConstraint(columnNames = { "group_id",
        "user_id" }), indexes = @Index(columnList = "user_id"))
public class GroupMember extends PanacheEntity {

    @Column(name = "group_id", nullable = false, length = 64)
    public String groupId;

    @Column(name = "user_id", nullable = false, length = 64)
    public String userId;

    public static boolean isMember(String groupId, String userId) {
        return count("groupId = ?1 and userId = ?2", groupId, userId) > 0;
    }

    public static List<String> members(String groupId) {
        return GroupMember.<GroupMember> list("groupId", groupId).stream().map(m -> m.userId).toList();
    }
}
