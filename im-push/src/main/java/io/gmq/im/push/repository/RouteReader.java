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
 * comet hosts a session of, and each user's routes (session → comet node). Who gets a batch is one script call:
 * a fixed number of commands per comet and per recipient user, whatever the size of its rooms.
 */
@ApplicationScoped
public class RouteReader {

    // KEYS[1]: the set of comet nodes. ARGV[1]: number of rooms; then the rooms; then the users.
    // Returns {{node, address, {score or nil per room}} per live comet, {route nodes per user}}.
    private static final String AUDIENCE = """
            local rooms = tonumber(ARGV[1])
            local comets = {}
            for _, node in ipairs(redis.call('SMEMBERS', KEYS[1])) do
              local address = redis.call('GET', '%1$s' .. node)
              if address then
                local hosted = {}
                if rooms > 0 then
                  hosted = redis.call('ZMSCORE', '%1$s' .. node .. '%2$s', unpack(ARGV, 2, rooms + 1))
                end
                comets[#comets + 1] = {node, address, hosted}
              end
            end
            local routes = {}
            for i = rooms + 2, #ARGV do
              routes[#routes + 1] = redis.call('HVALS', '%3$s' .. ARGV[i])
            end
            return {comets, routes}
            """.formatted(ImKeys.comet(""), ImKeys.cometRooms("").substring(ImKeys.comet("").length()),
            ImKeys.route(""));

    private final Redis redis;

    public RouteReader(Redis redis) {
        this.redis = redis;
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

    /**
     * Who a batch goes to, in one round trip: every live comet (node → address), the rooms among {@code rooms}
     * each hosts a session of, and the nodes hosting a session of each of {@code users}.
     */
    public Audience audience(Collection<String> rooms, Collection<String> users) {
        List<String> roomOrder = List.copyOf(rooms);
        List<String> userOrder = List.copyOf(users);
        Request eval = Request.cmd(Command.EVAL).arg(AUDIENCE).arg(1).arg(ImKeys.COMETS).arg(roomOrder.size());
        roomOrder.forEach(eval::arg);
        userOrder.forEach(eval::arg);
        Response reply = redis.sendAndAwait(eval);
        Map<String, String> live = new HashMap<>();
        Map<String, Set<String>> hosted = new HashMap<>();
        for (Response comet : reply.get(0)) {
            String node = comet.get(0).toString();
            live.put(node, comet.get(1).toString());
            Response scores = comet.get(2);
            for (int r = 0; r < roomOrder.size(); r++) {
                if (scores.get(r) != null) {
                    hosted.computeIfAbsent(node, n -> new HashSet<>()).add(roomOrder.get(r));
                }
            }
        }
        Map<String, Set<String>> userNodes = new HashMap<>();
        Response routes = reply.get(1);
        for (int u = 0; u < userOrder.size(); u++) {
            Set<String> nodes = new HashSet<>();
            routes.get(u).forEach(node -> nodes.add(node.toString()));
            userNodes.put(userOrder.get(u), nodes);
        }
        return new Audience(live, hosted, userNodes);
    }

    /**
     * Live comets (node → address), the rooms each hosts among those asked for, and the nodes of each user asked
     * for (possibly including comets no longer live).
     */
    public record Audience(Map<String, String> live, Map<String, Set<String>> hosted,
            Map<String, Set<String>> userNodes) {
    }
}
