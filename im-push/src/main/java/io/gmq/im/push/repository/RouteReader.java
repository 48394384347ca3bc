package io.gmq.im.push.repository;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.gmq.im.common.ImKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.hash.HashCommands;
import io.quarkus.redis.datasource.set.SetCommands;
import io.quarkus.redis.datasource.value.ValueCommands;

/**
 * Reads what logic and the comets keep in Redis: room members, each user's routes (session → comet node) and the
 * registry of live comets (node → gRPC address).
 */
@ApplicationScoped
public class RouteReader {

    private final SetCommands<String, String> sets;
    private final HashCommands<String, String, String> hashes;
    private final ValueCommands<String, String> values;

    public RouteReader(RedisDataSource redis) {
        this.sets = redis.set(String.class);
        this.hashes = redis.hash(String.class);
        this.values = redis.value(String.class);
    }

    public Set<String> roomMembers(String room) {
        return sets.smembers(ImKeys.roomMembers(room));
    }

    /** The comet nodes hosting a session of the user. */
    public Set<String> nodes(String user) {
        return new HashSet<>(hashes.hgetall(ImKeys.route(user)).values());
    }

    /** Address of a live comet, or null when its registry entry expired. */
    public String address(String node) {
        return values.get(ImKeys.comet(node));
    }

    /** Node → address of every live comet. */
    public Map<String, String> liveComets() {
        Map<String, String> live = new HashMap<>();
        for (String node : sets.smembers(ImKeys.COMETS)) {
            String address = address(node);
            if (address != null) {
                live.put(node, address);
            }
        }
        return live;
    }
}
