package io.gmq.im.logic.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.gmq.im.common.ImCode;
import io.gmq.im.common.ImException;
import io.gmq.im.logic.config.LogicConfig;
import io.gmq.im.logic.entity.ImUser;
import io.gmq.im.logic.entity.Room;
import io.quarkus.runtime.StartupEvent;

/**
 * Users: creation, login (password check, then a token), and at start the built-in admin and the public rooms.
 */
@ApplicationScoped
public class UserService {

    private static final Logger LOG = Logger.getLogger(UserService.class);
    private static final int MIN_PASSWORD = 8;

    private final PasswordHasher hasher;
    private final TokenIssuer tokens;
    private final LogicConfig config;

    public UserService(PasswordHasher hasher, TokenIssuer tokens, LogicConfig config) {
        this.hasher = hasher;
        this.tokens = tokens;
        this.config = config;
    }

    @Transactional
    void bootstrap(@Observes StartupEvent event) {
        // The configured password owns the built-in admin: created when absent, reset when it no longer matches.
        config.adminPassword().ifPresent(password -> {
            ImUser admin = ImUser.findById("admin");
            if (admin == null) {
                create("admin", password, true);
                LOG.info("GMQ-LGC-001 created the built-in admin user from gmq.logic.admin-password");
            } else if (!admin.admin || !hasher.verify(password, admin.passwordHash)) {
                admin.passwordHash = hasher.hash(password);
                admin.admin = true;
                LOG.info("GMQ-LGC-002 reset the built-in admin user to gmq.logic.admin-password");
            }
        });
        for (String id : config.publicRooms()) {
            if (Room.findById(id) == null) {
                Room room = new Room();
                room.id = Names.require("room id", id);
                room.title = id;
                room.persist();
            }
        }
    }

    @Transactional
    public ImUser create(String id, String password, boolean admin) {
        Names.require("user id", id);
        if (password == null || password.length() < MIN_PASSWORD) {
            throw new ImException(ImCode.INVALID, "password must be at least " + MIN_PASSWORD + " characters");
        }
        if (ImUser.findById(id) != null) {
            throw new ImException(ImCode.INVALID, "user " + id + " exists");
        }
        ImUser user = new ImUser();
        user.id = id;
        user.passwordHash = hasher.hash(password);
        user.admin = admin;
        user.createdAt = System.currentTimeMillis();
        user.persist();
        return user;
    }

    /** A token for the user, or null when the id or password is wrong (the caller cannot tell which). */
    public String login(String id, String password) {
        ImUser user = id == null ? null : ImUser.findById(id);
        if (user == null || password == null || !hasher.verify(password, user.passwordHash)) {
            return null;
        }
        return tokens.issue(user.id, user.admin);
    }
}
