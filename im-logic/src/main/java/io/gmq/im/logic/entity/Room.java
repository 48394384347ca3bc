package io.gmq.im.logic.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A room users can join: public when {@code groupId} is null, otherwise open only to that group's members.
 */
@Entity
@Table(name = "im_room")
public class Room extends PanacheEntityBase {

    @Id
    @Column(length = 64)
    public String id;

    @Column(nullable = false, length = 200)
    public String title;

    @Column(name = "group_id", length = 64)
    public String groupId;
}
