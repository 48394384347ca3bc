package io.gmq.im.logic.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A group: a named member list that GROUP messages go to and private rooms admit.
 */
@Entity
@Table(name = "im_group")
public class ImGroup extends PanacheEntityBase {

    @Id
    @Column(length = 64)
    public String id;

    @Column(nullable = false, length = 200)
    public String title;

    @Column(nullable = false, length = 64)
    public String owner;
}
