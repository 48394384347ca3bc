package io.gmq.im.logic.repository;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.gmq.im.common.ImKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.set.SetCommands;

/**
 * Room membership in Redis, both ways (room → users, which push reads to fan out; user → rooms, which a comet
 * gets on connect).
 */
@ApplicationScoped
public class MembershipRepository {

    private final SetCommands<String, String> sets;

    public MembershipRepository(RedisDataSource redis) {
        this.sets = redis.set(String.class);
    }

    public void join(String user, String room) {
        sets.sadd(ImKeys.roomMembers(room), user);
        sets.sadd(ImKeys.userRooms(user), room);
    }

    public void leave(String user, String room) {
        sets.srem(ImKeys.roomMembers(room), user);
        sets.srem(ImKeys.userRooms(user), room);
    }

    public boolean isMember(String user, String room) {
        return sets.sismember(ImKeys.roomMembers(room), user);
    }

    public Set<String> members(String room) {
        return sets.smembers(ImKeys.roomMembers(room));
    }

    public long count(String room) {
        return sets.scard(ImKeys.roomMembers(room));
    }

    public Set<String> rooms(String user) {
        return sets.smembers(ImKeys.userRooms(user));
    }
}
