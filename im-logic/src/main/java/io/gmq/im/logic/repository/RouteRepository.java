package io.gmq.im.logic.repository;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.gmq.im.common.ImKeys;
import io.gmq.im.logic.config.LogicConfig;
import io.gmq.proto.im.logic.v1.Session;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.hash.HashCommands;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;

/**
 * Routes (which comet hosts which session of a user) in Redis with a TTL that comets renew: a comet that dies stops
 * renewing and its routes disappear.
 */
@ApplicationScoped
public class RouteRepository {

    /** Commands per pipelined batch when a comet renews thousands of sessions at once. */
    private static final int BATCH = 2_000;

    private final HashCommands<String, String, String> hashes;
    private final Redis redis;
    private final String ttlSeconds;

    public RouteRepository(RedisDataSource data, Redis redis, LogicConfig config) {
        this.hashes = data.hash(String.class);
        this.redis = redis;
        this.ttlSeconds = Long.toString(Math.max(1, config.routeTtl().toSeconds()));
    }

    public void add(String user, String session, String comet) {
        redis.batchAndAwait(List.of(Request.cmd(Command.HSET).arg(ImKeys.route(user)).arg(session).arg(comet),
                Request.cmd(Command.EXPIRE).arg(ImKeys.route(user)).arg(ttlSeconds)));
    }

    /**
     * Re-adds (not only expires) every session a comet holds, pipelined: it puts back a route that vanished while
     * the comet held the session, at one round trip per {@value #BATCH} commands.
     */
    public void renew(String comet, List<Session> sessions) {
        List<Request> batch = new ArrayList<>(Math.min(BATCH, sessions.size() * 2));
        for (Session session : sessions) {
            batch.add(Request.cmd(Command.HSET).arg(ImKeys.route(session.getUser())).arg(session.getSession()).arg(comet));
            batch.add(Request.cmd(Command.EXPIRE).arg(ImKeys.route(session.getUser())).arg(ttlSeconds));
            if (batch.size() >= BATCH) {
                redis.batchAndAwait(batch);
                batch = new ArrayList<>(BATCH);
            }
        }
        if (!batch.isEmpty()) {
            redis.batchAndAwait(batch);
        }
    }

    public void remove(String user, String session) {
        hashes.hdel(ImKeys.route(user), session);
    }

    /** Session → comet node of a user's live sessions. */
    public Map<String, String> sessions(String user) {
        return hashes.hgetall(ImKeys.route(user));
    }
}
