package io.gmq.im.logic.repository;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.gmq.im.common.ImKeys;
import io.gmq.im.logic.entity.RoomMember;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.set.SetCommands;

/**
 * Room membership both ways (room → users, user → rooms): PostgreSQL ({@link RoomMember}) is the source of truth,
 * Redis sets the copy every read uses. Each Redis set holds a marker member besides the users or rooms, so a set
 * that exists is known to be complete; a set without it (Redis restarted empty, or the key was evicted) is rebuilt
 * from PostgreSQL on its first read.
 */
@ApplicationScoped
public class MembershipRepository {

    /** Not a valid user or room id (ids are checked against {@code [A-Za-z0-9._@-]}), so it never collides. */
    static final String LOADED = "\u0000loaded";

    private static final Logger LOG = Logger.getLogger(MembershipRepository.class);

    private final SetCommands<String, String> sets;

    public MembershipRepository(RedisDataSource redis) {
        this.sets = redis.set(String.class);
    }

    /** PostgreSQL first, so a membership Redis holds is always one PostgreSQL holds. */
    public void join(String user, String room) {
        RoomMember.add(room, user);
        add(ImKeys.roomMembers(room), user, () -> RoomMember.usersOf(room));
        add(ImKeys.userRooms(user), room, () -> RoomMember.roomsOf(user));
    }

    public void leave(String user, String room) {
        RoomMember.remove(room, user);
        sets.srem(ImKeys.roomMembers(room), user);
        sets.srem(ImKeys.userRooms(user), room);
    }

    public boolean isMember(String user, String room) {
        String key = ImKeys.roomMembers(room);
        List<Boolean> found = sets.smismember(key, user, LOADED);
        if (found.get(1)) {
            return found.get(0);
        }
        return rebuild(key, () -> RoomMember.usersOf(room)).contains(user);
    }

    public Set<String> members(String room) {
        return read(ImKeys.roomMembers(room), () -> RoomMember.usersOf(room));
    }

    public long count(String room) {
        String key = ImKeys.roomMembers(room);
        if (sets.sismember(key, LOADED)) {
            return sets.scard(key) - 1;
        }
        return rebuild(key, () -> RoomMember.usersOf(room)).size();
    }

    public Set<String> rooms(String user) {
        return read(ImKeys.userRooms(user), () -> RoomMember.roomsOf(user));
    }

    private Set<String> read(String key, Supplier<List<String>> source) {
        Set<String> members = sets.smembers(key);
        if (!members.remove(LOADED)) {
            return rebuild(key, source);
        }
        return members;
    }

    private void add(String key, String member, Supplier<List<String>> source) {
        if (sets.sismember(key, LOADED)) {
            sets.sadd(key, member);
        } else {
            rebuild(key, source);
        }
    }

    /**
     * Adds what PostgreSQL holds, then the marker. It only adds: a leave that commits between the read and the
     * write can be undone in Redis for this one set (the user leaves again); nothing a member had is ever dropped.
     */
    private Set<String> rebuild(String key, Supplier<List<String>> source) {
        Set<String> members = new HashSet<>(source.get());
        String[] values = members.toArray(new String[members.size() + 1]);
        values[members.size()] = LOADED;
        sets.sadd(key, values);
        if (members.size() > 0) {
            LOG.infof("GMQ-LGC-040 %s rebuilt from PostgreSQL with %d entries (Redis did not have it)", key,
                    members.size());
        }
        return members;
    }
}
