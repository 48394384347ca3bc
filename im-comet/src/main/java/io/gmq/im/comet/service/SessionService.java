package io.gmq.im.comet.service;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.gmq.im.comet.client.LogicClient;
import io.gmq.im.comet.config.CometConfig;
import io.gmq.im.comet.websocket.FrameCodec;
import io.gmq.im.common.Conversations;
import io.gmq.im.common.ImCode;
import io.gmq.im.common.ImException;
import io.gmq.proto.im.logic.v1.ConnectRequest;
import io.gmq.proto.im.logic.v1.DisconnectRequest;
import io.gmq.proto.im.logic.v1.RenewReply;
import io.gmq.proto.im.logic.v1.RenewRequest;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Vertx;

/**
 * The life of sessions on this comet: registered with logic on open (routes), renewed periodically with this
 * comet's registry entry, closed on heartbeat timeout, deregistered on close, and on shutdown told to reconnect
 * elsewhere.
 */
@ApplicationScoped
public class SessionService {

    private static final Logger LOG = Logger.getLogger(SessionService.class);
    /**
     * Sessions per renew call: about 100 KB, well under logic's gRPC message limit whatever the number of sessions
     * (one call for 5,000 sessions was refused with RESOURCE_EXHAUSTED, and every route then expired).
     */
    static final int RENEW_PART = 1000;

    private final Bucket bucket;
    private final LogicClient logic;
    private final RecoveryService recovery;
    private final CometConfig config;
    private final Vertx vertx;
    private final Map<String, Integer> online = new ConcurrentHashMap<>();
    private volatile String address;
    private volatile boolean renewFailing;
    private volatile boolean outsideContextLogged;

    public SessionService(Bucket bucket, LogicClient logic, RecoveryService recovery, CometConfig config,
            Vertx vertx) {
        this.bucket = bucket;
        this.logic = logic;
        this.recovery = recovery;
        this.config = config;
        this.vertx = vertx;
    }

    void started(@Observes StartupEvent event) {
        LOG.infof("GMQ-CMT-001 comet %s serves WebSockets and deliveries at %s", config.nodeId(), address());
    }

    /** Read at first use: with port 0 the HTTP port is only known once the server listens. */
    private String address() {
        if (address != null) {
            return address;
        }
        int port = ConfigProvider.getConfig().getValue("quarkus.http.port", Integer.class);
        String resolved = config.advertisedAddress().orElse(config.advertisedHost() + ":" + port);
        if (port > 0 || config.advertisedAddress().isPresent()) {
            address = resolved;
        }
        return resolved;
    }

    /**
     * {@code expiresAt}: the token's {@code exp} (epoch seconds); the connection is closed with 4502 then.
     * {@code token}: the token's {@link AbuseCooldown} key.
     */
    public Session open(WebSocketConnection connection, String user, boolean admin, String device, String token,
            long expiresAt) {
        Session session = new Session(connection.id(), user, device, admin, token, connection, config.sendQueueLimit());
        if (session.eventLoop() == null && !outsideContextLogged) {
            outsideContextLogged = true;
            LOG.warn("GMQ-CMT-005 a connection opened outside a Vert.x context: deliveries to it hop threads per write");
        }
        bucket.opening(session);
        try {
            var reply = logic.connect(ConnectRequest.newBuilder().setComet(config.nodeId()).setCometAddress(address())
                    .setSession(proto(session)).build());
            session.rooms().addAll(reply.getRoomsList());
        } catch (ImException e) {
            bucket.abandon(session);
            throw e;
        }
        bucket.add(session);
        // One timer per connection, cancelled on close: no scan of every connection, nothing left behind. Vert.x
        // timers need at least 1 ms; a token within the verifier's clock skew is already past its exp.
        long delay = Math.max(1, expiresAt * 1000 - System.currentTimeMillis());
        session.expiryTimer(vertx.setTimer(delay,
                timer -> session.close(ImCode.TOKEN_EXPIRED, "the token expired; reconnect with a new one")));
        session.send(FrameCodec.welcome(session.id(), user, config.nodeId(), config.heartbeatTimeout().toMillis(),
                session.rooms()));
        // Personal messages that arrived while the user was away (above its acknowledged seq).
        try {
            recovery.recover(session, Conversations.inbox(user), 0);
        } catch (ImException e) {
            LOG.warnf("GMQ-CMT-021 inbox of %s not recovered on connect: %s", user, e.getMessage());
            session.close(ImCode.RECOVERY_FAILED, "the inbox could not be read from storage; reconnect");
        }
        return session;
    }

    public void closed(String sessionId) {
        Session session = bucket.remove(sessionId);
        if (session == null) {
            return;
        }
        vertx.cancelTimer(session.expiryTimer());
        try {
            logic.disconnect(DisconnectRequest.newBuilder().setComet(config.nodeId()).setSession(proto(session)).build());
        } catch (ImException e) {
            // The route expires on its own within the route TTL.
            LOG.debugf("deregistering %s failed: %s", sessionId, e.getMessage());
        }
    }

    public Map<String, Integer> online(Set<String> rooms) {
        Map<String, Integer> counts = new java.util.HashMap<>();
        rooms.forEach(room -> counts.put(room, online.getOrDefault(room, 0)));
        return counts;
    }

    @Scheduled(every = "${gmq.comet.renew-interval:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void renew() {
        closeSilent();
        List<Session> sessions = List.copyOf(bucket.all());
        Set<String> rooms = new java.util.HashSet<>();
        sessions.forEach(session -> rooms.addAll(session.rooms()));
        try {
            // The first part carries the rooms and per-room counts; the rest only sessions, RENEW_PART at a time.
            RenewRequest.Builder first = RenewRequest.newBuilder().setComet(config.nodeId()).setCometAddress(address())
                    .addAllRooms(rooms).putAllRoomUsers(bucket.roomUsers());
            sessions.subList(0, Math.min(RENEW_PART, sessions.size())).forEach(s -> first.addSessions(proto(s)));
            RenewReply reply = logic.renew(first.build());
            for (int from = RENEW_PART; from < sessions.size(); from += RENEW_PART) {
                RenewRequest.Builder part = RenewRequest.newBuilder().setComet(config.nodeId())
                        .setCometAddress(address()).setMoreSessions(true);
                sessions.subList(from, Math.min(from + RENEW_PART, sessions.size()))
                        .forEach(s -> part.addSessions(proto(s)));
                logic.renew(part.build());
            }
            online.clear();
            online.putAll(reply.getOnlineMap());
            if (renewFailing) {
                LOG.info("GMQ-CMT-003 renewing sessions with logic works again");
                renewFailing = false;
            }
        } catch (ImException e) {
            if (!renewFailing) {
                LOG.warnf("GMQ-CMT-002 renewing %d session(s) with logic failed, retrying every %s: %s",
                        sessions.size(), config.renewInterval(), e.getMessage());
                renewFailing = true;
            }
        }
    }

    private void closeSilent() {
        long deadline = System.currentTimeMillis() - config.heartbeatTimeout().toMillis();
        bucket.all().stream().filter(s -> s.lastSeen() < deadline)
                .forEach(s -> s.close(ImCode.HEARTBEAT_TIMEOUT, "no frame for " + config.heartbeatTimeout()));
    }

    void shutdown(@Observes ShutdownEvent event) {
        int count = bucket.size();
        for (Session session : bucket.all()) {
            session.close(ImCode.SHUTDOWN, "comet " + config.nodeId() + " is shutting down");
            closed(session.id());
        }
        LOG.infof("GMQ-CMT-004 shutdown: %d session(s) told to reconnect elsewhere and deregistered", count);
    }

    private static io.gmq.proto.im.logic.v1.Session proto(Session session) {
        return io.gmq.proto.im.logic.v1.Session.newBuilder().setUser(session.user()).setSession(session.id())
                .setDevice(session.device()).build();
    }
}
