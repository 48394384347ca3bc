package io.gmq.im.logic.repository;

import java.time.Duration;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.gmq.im.common.ImKeys;
import io.gmq.im.logic.config.LogicConfig;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.hash.HashCommands;
import io.quarkus.redis.datasource.keys.KeyCommands;
import io.quarkus.redis.datasource.set.SetCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;

/**
 * Routes (which comet hosts which session of a user) and the comet registry, in Redis with a TTL that comets renew:
 * a comet that dies stops renewing and disappears from both.
 */
@ApplicationScoped
public class RouteRepository {

    private final HashCommands<String, String, String> hashes;
    private final ValueCommands<String, String> values;
    private final SetCommands<String, String> sets;
    private final KeyCommands<String> keys;
    private final Duration ttl;

    public RouteRepository(RedisDataSource redis, LogicConfig config) {
        this.hashes = redis.hash(String.class);
        this.values = redis.value(String.class);
        this.sets = redis.set(String.class);
        this.keys = redis.key();
        this.ttl = config.routeTtl();
    }

    public void add(String user, String session, String comet) {
        hashes.hset(ImKeys.route(user), session, comet);
        keys.expire(ImKeys.route(user), ttl);
    }

    public void remove(String user, String session) {
        hashes.hdel(ImKeys.route(user), session);
    }

    /** Registers (or renews) a comet: its address, live for one TTL. */
    public void registerComet(String comet, String address) {
        values.set(ImKeys.comet(comet), address, new SetArgs().ex(ttl));
        sets.sadd(ImKeys.COMETS, comet);
    }

    /** Session → comet node of a user's live sessions. */
    public Map<String, String> sessions(String user) {
        return hashes.hgetall(ImKeys.route(user));
    }

    public boolean online(String user) {
        return keys.exists(ImKeys.route(user));
    }

    /** The gRPC address of a live comet, or null. */
    public String cometAddress(String comet) {
        return values.get(ImKeys.comet(comet));
    }
}
