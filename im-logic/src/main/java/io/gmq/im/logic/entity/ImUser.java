package io.gmq.im.logic.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A user who can log in: the id is the token subject; the password is stored only as a PBKDF2 hash.
 */
@Entity
@Table(name = "im_user")
public class ImUser extends PanacheEntityBase {

    @Id
    @Column(length = 64)
    public String id;

    @Column(name = "password_hash", nullable = false, length = 200)
    public String passwordHash;

    @Column(nullable = false)
    public boolean admin;

    @Column(name = "created_at", nullable = false)
    public long createdAt;
}
