package io.gmq.im.push.repository;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.gmq.im.common.ImKeys;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * Reads what logic and the comets keep in Redis: the registry of live comets (node → gRPC address), the rooms each
 * comet hosts a session of, and each user's routes (session → comet node). Reading who gets a room batch costs a
 * fixed number of commands per comet, whatever the size of the room.
 */
@ApplicationScoped
public class RouteReader {

    private final Redis redis;

    public RouteReader(Redis redis) {
        this.redis = redis;
    }

    /** The comet nodes hosting a session of the user. */
    public Set<String> nodes(String user) {
        Response routes = redis.sendAndAwait(Request.cmd(Command.HVALS).arg(ImKeys.route(user)));
        Set<String> nodes = new HashSet<>();
        if (routes != null) {
            routes.forEach(node -> nodes.add(node.toString()));
        }
        return nodes;
    }

    /** Node → address of every live comet. */
    public Map<String, String> liveComets() {
        Response nodes = redis.sendAndAwait(Request.cmd(Command.SMEMBERS).arg(ImKeys.COMETS));
        Map<String, String> live = new HashMap<>();
        if (nodes == null || nodes.size() == 0) {
            return live;
        }
        List<String> order = new ArrayList<>(nodes.size());
        Request mget = Request.cmd(Command.MGET);
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

    /** Comet node → the rooms among {@code rooms} it hosts a session of (comets hosting none are left out). */
    public Map<String, Set<String>> hostedRooms(Collection<String> comets, Collection<String> rooms) {
        Map<String, Set<String>> hosted = new HashMap<>();
        if (comets.isEmpty() || rooms.isEmpty()) {
            return hosted;
        }
        List<String> nodeOrder = List.copyOf(comets);
        List<String> roomOrder = List.copyOf(rooms);
        List<Request> batch = new ArrayList<>(nodeOrder.size());
        for (String node : nodeOrder) {
            Request zmscore = Request.cmd(Command.ZMSCORE).arg(ImKeys.cometRooms(node));
            roomOrder.forEach(zmscore::arg);
            batch.add(zmscore);
        }
        List<Response> scores = redis.batchAndAwait(batch);
        for (int n = 0; n < nodeOrder.size(); n++) {
            Response perComet = scores.get(n);
            for (int r = 0; r < roomOrder.size(); r++) {
                if (perComet.get(r) != null) {
                    hosted.computeIfAbsent(nodeOrder.get(n), x -> new HashSet<>()).add(roomOrder.get(r));
                }
            }
        }
        return hosted;
    }
}
