package io.gmq.im.logic.entity;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * One user's membership of one room: the source of truth that Redis' membership sets are rebuilt from when Redis
 * lost them.
 */
@Entity
@Table(name = "im_room_member", indexes = @Index(columnList = "user_id"))
public class RoomMember extends PanacheEntityBase {

    @EmbeddedId
    public Key key;

    /** Records a membership; a repeat is a no-op, so a join sent again on every connect costs one statement. */
    public static void add(String room, String user) {
        QuarkusTransaction.requiringNew().run(() -> getEntityManager()
                .createNativeQuery("insert into im_room_member (room_id, user_id) values (?1, ?2) on conflict do nothing")
                .setParameter(1, room).setParameter(2, user).executeUpdate());
    }

    public static void remove(String room, String user) {
        QuarkusTransaction.requiringNew().run(() -> delete("key.roomId = ?1 and key.userId = ?2", room, user));
    }

    /**
     * Reads run in a transaction of their own when the caller has none: a gRPC call whose deadline passed has lost its
     * request context while it still runs, and the rebuild it started must still complete.
     */
    public static List<String> usersOf(String room) {
        return QuarkusTransaction.joiningExisting().call(() -> getEntityManager()
                .createQuery("select m.key.userId from RoomMember m where m.key.roomId = ?1", String.class)
                .setParameter(1, room).getResultList());
    }

    public static List<String> roomsOf(String user) {
        return QuarkusTransaction.joiningExisting().call(() -> getEntityManager()
                .createQuery("select m.key.roomId from RoomMember m where m.key.userId = ?1", String.class)
                .setParameter(1, user).getResultList());
    }

    /** Room and user: one row per pair. */
    @Embeddable
    public static class Key implements Serializable {

        @Column(name = "room_id", length = 64)
        public String roomId;

        @Column(name = "user_id", length = 64)
        public String userId;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(roomId, key.roomId) && Objects.equals(userId, key.userId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(roomId, userId);
        }
    }
}
