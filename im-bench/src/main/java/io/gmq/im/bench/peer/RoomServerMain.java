package io.gmq.im.bench.peer;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The benchmark's peer ({@code ./gmq bench --peer vertx}): a plain Vert.x room broadcaster that owns only its rooms
 * (room → connections, in memory) and speaks the subset of the docs/IM.md protocol the load generator uses, with no
 * authentication (the Authorization header is read for its {@code sub}, never verified), no persistence and no
 * Kafka: the upper bound a single-process broadcaster reaches on the same machine.
 *
 * <p>
 * Usage: {@code RoomServerMain <port> [event loops (2)]}; WebSockets on {@code /ws}.
 */
public final class RoomServerMain {

    /** Close code of a connection whose write queue is full (docs/IM.md: 4001 SLOW_CONSUMER). */
    private static final short SLOW_CONSUMER = 4001;
    private static final long HEARTBEAT_MILLIS = 60_000;

    /** A room: its connections and its message counter. */
    private record Room(Set<Connection> members, AtomicLong seq) {
    }

    /** One WebSocket, its user and the rooms it joined; equal only to itself (a room's set holds it). */
    private static final class Connection {
        private final ServerWebSocket ws;
        private final String user;
        private final Set<String> rooms = ConcurrentHashMap.newKeySet();

        Connection(ServerWebSocket ws, String user) {
            this.ws = ws;
            this.user = user;
        }
    }

    private static final Map<String, Room> ROOMS = new ConcurrentHashMap<>();
    private static final AtomicLong IDS = new AtomicLong();

    private RoomServerMain() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        int eventLoops = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops));
        // One server per event loop on the same port: Vert.x spreads the connections over them.
        vertx.deployVerticle(() -> new AbstractVerticle() {
            @Override
            public void start(Promise<Void> started) {
                vertx.createHttpServer().requestHandler(RoomServerMain::request).listen(port)
                        .<Void> mapEmpty().onComplete(started);
            }
        }, new DeploymentOptions().setInstances(eventLoops)).onSuccess(id -> System.out.println(
                "peer room server listening on " + port + " with " + eventLoops + " event loops")).onFailure(e -> {
                    e.printStackTrace();
                    System.exit(1);
                });
    }

    private static void request(HttpServerRequest request) {
        if (!request.path().equals("/ws")) {
            request.response().setStatusCode(404).end();
            return;
        }
        String user = subject(request.getHeader("Authorization"));
        request.toWebSocket().onSuccess(ws -> {
            Connection connection = new Connection(ws, user);
            ws.textMessageHandler(text -> onFrame(connection, text));
            ws.closeHandler(v -> connection.rooms.forEach(room -> leave(connection, room)));
            ws.exceptionHandler(e -> {
            });
            ws.writeTextMessage(frame("welcome").put("session", UUID.randomUUID().toString()).put("user", user)
                    .put("comet", "peer").put("heartbeat", HEARTBEAT_MILLIS).put("rooms", new JsonArray()).encode());
        });
    }

    private static void onFrame(Connection connection, String text) {
        JsonObject in;
        try {
            in = new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            connection.ws.writeTextMessage(error(1001, "BAD_FRAME", "not a JSON object", null));
            return;
        }
        String type = String.valueOf(in.getValue("type"));
        String room = in.getString("room");
        if (room == null && (type.equals("join") || type.equals("leave"))) {
            connection.ws.writeTextMessage(error(1004, "INVALID", "room is required", null));
            return;
        }
        switch (type) {
            case "join" -> {
                Room joined = ROOMS.computeIfAbsent(room, r -> new Room(ConcurrentHashMap.newKeySet(), new AtomicLong()));
                joined.members().add(connection);
                connection.rooms.add(room);
                connection.ws.writeTextMessage(counts("joined", room, joined.members().size()));
            }
            case "leave" -> {
                leave(connection, room);
                Room left = ROOMS.get(room);
                connection.ws.writeTextMessage(counts("left", room, left == null ? 0 : left.members().size()));
            }
            case "heartbeat" -> connection.ws.writeTextMessage(frame("heartbeat").put("online", new JsonObject()).encode());
            case "send" -> send(connection, in);
            default -> connection.ws.writeTextMessage(error(1002, "UNKNOWN_TYPE", "unknown frame type", null));
        }
    }

    /** Acks the send, then writes one frame, built once, to every connection of the room. */
    private static void send(Connection connection, JsonObject in) {
        String cid = in.getString("cid");
        String room = in.getString("room");
        Room target = room == null ? null : ROOMS.get(room);
        if (!"room".equals(in.getString("kind")) || target == null) {
            connection.ws.writeTextMessage(error(1004, "INVALID", "the peer only sends to rooms joined before", cid));
            return;
        }
        String id = Long.toString(IDS.incrementAndGet());
        long ts = System.currentTimeMillis();
        connection.ws.writeTextMessage(frame("ack").put("cid", cid).put("id", id).put("ts", ts)
                .put("duplicate", false).encode());
        String message = frame("message").put("id", id).put("cid", cid).put("seq", target.seq().incrementAndGet())
                .put("conversation", "r:" + room).put("kind", "room").put("from", connection.user).put("room", room)
                .put("body", in.getValue("body")).put("ts", ts).encode();
        for (Connection member : target.members()) {
            ServerWebSocket ws = member.ws;
            if (ws.writeQueueFull()) {
                target.members().remove(member);
                ws.close(SLOW_CONSUMER, "SLOW_CONSUMER");
            } else {
                ws.writeTextMessage(message);
            }
        }
    }

    private static void leave(Connection connection, String room) {
        connection.rooms.remove(room);
        Room left = ROOMS.get(room);
        if (left != null) {
            left.members().remove(connection);
        }
    }

    private static String counts(String type, String room, int members) {
        return frame(type).put("room", room).put("members", members).put("online", members).encode();
    }

    private static String error(int code, String name, String message, String ref) {
        JsonObject error = frame("error").put("code", code).put("error", name).put("message", message);
        return (ref == null ? error : error.put("ref", ref)).encode();
    }

    private static JsonObject frame(String type) {
        return new JsonObject().put("type", type);
    }

    /** The {@code sub} claim of a bearer JWT, decoded without verifying it; "peer" when there is none. */
    private static String subject(String authorization) {
        try {
            String payload = authorization.substring(authorization.indexOf(' ') + 1).split("\\.")[1];
            String sub = new JsonObject(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8))
                    .getString("sub");
            return sub == null ? "peer" : sub;
        } catch (RuntimeException e) {
            return "peer";
        }
    }
}
