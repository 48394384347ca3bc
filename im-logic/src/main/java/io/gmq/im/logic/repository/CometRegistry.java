package io.gmq.im.logic.repository;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.gmq.im.common.ImKeys;
import io.gmq.im.logic.config.LogicConfig;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * The comets in Redis: each live comet's address (expiring unless renewed), the rooms it hosts a session of (which
 * push reads to send a room batch once per comet) and its per-room user counts (summed for online counts). Every
 * operation costs a fixed number of commands per comet, never one per room member.
 */
@ApplicationScoped
public class CometRegistry {

    private final Redis redis;
    private final String ttlSeconds;
    private final long roomTtlMillis;

    public CometRegistry(Redis redis, LogicConfig config) {
        this.redis = redis;
        this.ttlSeconds = Long.toString(Math.max(1, config.routeTtl().toSeconds()));
        // A room no session of the comet was in for one route TTL (several renews) is no longer sent to it.
        this.roomTtlMillis = config.routeTtl().toMillis();
    }

    /** Registers (or renews) a comet: its address, live for one TTL. */
    public void register(String comet, String address) {
        redis.batchAndAwait(List.of(Request.cmd(Command.SET).arg(ImKeys.comet(comet)).arg(address).arg("EX").arg(ttlSeconds),
                Request.cmd(Command.SADD).arg(ImKeys.COMETS).arg(comet)));
    }

    /**
     * A comet renews: its address, the rooms its sessions are in (stamped now; rooms left long ago drop out) and the
     * distinct users per room, in one pipelined round trip.
     */
    public void renew(String comet, String address, Map<String, Integer> roomUsers) {
        long now = System.currentTimeMillis();
        List<Request> batch = new ArrayList<>();
        batch.add(Request.cmd(Command.SET).arg(ImKeys.comet(comet)).arg(address).arg("EX").arg(ttlSeconds));
        batch.add(Request.cmd(Command.SADD).arg(ImKeys.COMETS).arg(comet));
        String rooms = ImKeys.cometRooms(comet);
        if (!roomUsers.isEmpty()) {
            Request zadd = Request.cmd(Command.ZADD).arg(rooms);
            roomUsers.keySet().forEach(room -> zadd.arg(now).arg(room));
            batch.add(zadd);
        }
        batch.add(Request.cmd(Command.ZREMRANGEBYSCORE).arg(rooms).arg("-inf").arg(now - roomTtlMillis));
        batch.add(Request.cmd(Command.EXPIRE).arg(rooms).arg(ttlSeconds));
        String online = ImKeys.cometOnline(comet);
        batch.add(Request.cmd(Command.DEL).arg(online));
        if (!roomUsers.isEmpty()) {
            Request hset = Request.cmd(Command.HSET).arg(online);
            roomUsers.forEach((room, users) -> hset.arg(room).arg(users));
            batch.add(hset);
            batch.add(Request.cmd(Command.EXPIRE).arg(online).arg(ttlSeconds));
        }
        redis.batchAndAwait(batch);
    }

    /**
     * Marks rooms as hosted by comets (a session there joined them): from now on push sends these rooms' batches
     * there. Called before the join is answered, so a message sent after the answer reaches the new member.
     */
    public void host(Collection<String> comets, Collection<String> rooms) {
        if (comets.isEmpty() || rooms.isEmpty()) {
            return;
        }
        long now = System.currentTimeMillis();
        List<Request> batch = new ArrayList<>();
        for (String comet : comets) {
            Request zadd = Request.cmd(Command.ZADD).arg(ImKeys.cometRooms(comet));
            rooms.forEach(room -> zadd.arg(now).arg(room));
            batch.add(zadd);
            batch.add(Request.cmd(Command.EXPIRE).arg(ImKeys.cometRooms(comet)).arg(ttlSeconds));
        }
        redis.batchAndAwait(batch);
    }

    /** Node → address of every live comet. */
    public Map<String, String> live() {
        Response nodes = redis.sendAndAwait(Request.cmd(Command.SMEMBERS).arg(ImKeys.COMETS));
        Map<String, String> live = new HashMap<>();
        if (nodes == null || nodes.size() == 0) {
            return live;
        }
        Request mget = Request.cmd(Command.MGET);
        List<String> order = new ArrayList<>();
        nodes.forEach(node -> {
            order.add(node.toString());
            mget.arg(ImKeys.comet(node.toString()));
        });
        Response addresses = redis.sendAndAwait(mget);
        for (int i = 0; i < order.size(); i++) {
            if (addresses.get(i) != null) {
                live.put(order.get(i), addresses.get(i).toString());
            }
        }
        return live;
    }

    /** The gRPC address of a live comet, or null. */
    public String address(String comet) {
        Response address = redis.sendAndAwait(Request.cmd(Command.GET).arg(ImKeys.comet(comet)));
        return address == null ? null : address.toString();
    }

    /** Room → users online (summed over live comets' last renew) for each room asked for. */
    public Map<String, Integer> online(Collection<String> rooms) {
        Map<String, Integer> counts = new HashMap<>();
        rooms.forEach(room -> counts.put(room, 0));
        if (rooms.isEmpty()) {
            return counts;
        }
        List<String> order = List.copyOf(rooms);
        List<Request> batch = new ArrayList<>();
        for (String comet : live().keySet()) {
            Request hmget = Request.cmd(Command.HMGET).arg(ImKeys.cometOnline(comet));
            order.forEach(hmget::arg);
            batch.add(hmget);
        }
        if (batch.isEmpty()) {
            return counts;
        }
        for (Response perComet : redis.batchAndAwait(batch)) {
            for (int i = 0; i < order.size(); i++) {
                if (perComet.get(i) != null) {
                    counts.merge(order.get(i), perComet.get(i).toInteger(), Integer::sum);
                }
            }
        }
        return counts;
    }
}
