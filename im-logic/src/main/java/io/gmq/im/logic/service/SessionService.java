package io.gmq.im.logic.service;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.gmq.im.logic.client.CometClient;
import io.gmq.im.logic.repository.CometRegistry;
import io.gmq.im.logic.repository.MembershipRepository;
import io.gmq.im.logic.repository.RouteRepository;
import io.gmq.proto.im.comet.v1.KickRequest;
import io.gmq.proto.im.comet.v1.MembershipRequest;
import io.gmq.proto.im.logic.v1.ConnectRequest;
import io.gmq.proto.im.logic.v1.RenewRequest;
import io.gmq.proto.im.logic.v1.Session;

/**
 * Sessions: routes recorded on connect, removed on disconnect, renewed by each comet's periodic call; membership
 * changes and kicks, which reach the comets that host the user.
 */
@ApplicationScoped
public class SessionService {

    private static final Logger LOG = Logger.getLogger(SessionService.class);

    private final RouteRepository routes;
    private final CometRegistry comets;
    private final MembershipRepository membership;
    private final CometClient comet;

    public SessionService(RouteRepository routes, CometRegistry comets, MembershipRepository membership,
            CometClient comet) {
        this.routes = routes;
        this.comets = comets;
        this.membership = membership;
        this.comet = comet;
    }

    /** Records the route, marks the user's rooms as hosted by the comet, and returns them. */
    public Set<String> connect(ConnectRequest request) {
        comets.register(request.getComet(), request.getCometAddress());
        routes.add(request.getSession().getUser(), request.getSession().getSession(), request.getComet());
        Set<String> rooms = membership.rooms(request.getSession().getUser());
        comets.host(List.of(request.getComet()), rooms);
        return rooms;
    }

    public void disconnect(Session session) {
        routes.remove(session.getUser(), session.getSession());
    }

    public void renew(RenewRequest request) {
        if (request.getMoreSessions()) {
            comets.register(request.getComet(), request.getCometAddress());
        } else {
            comets.renew(request.getComet(), request.getCometAddress(), request.getRoomUsersMap());
        }
        routes.renew(request.getComet(), request.getSessionsList());
    }

    /**
     * A user joined or left rooms: the comets hosting the user's sessions are marked as hosting the joined rooms
     * (before the caller answers, so the next message reaches them) and told to update their local sessions.
     */
    public void roomsChanged(String user, Collection<String> joined, Collection<String> left) {
        Set<String> nodes = new HashSet<>(routes.sessions(user).values());
        if (nodes.isEmpty()) {
            return;
        }
        comets.host(nodes, joined);
        MembershipRequest request = MembershipRequest.newBuilder().setUser(user).addAllJoined(joined).addAllLeft(left)
                .build();
        forEachComet(nodes, "membership of " + user, address -> comet.membership(address, request));
    }

    /** Closes every connection of the user on every comet that hosts one; returns how many were closed. */
    public int kick(String user, String reason) {
        KickRequest request = KickRequest.newBuilder().setUser(user).setReason(reason).build();
        return forEachComet(new HashSet<>(routes.sessions(user).values()), "kick of " + user,
                address -> comet.kick(address, request));
    }

    private int forEachComet(Set<String> nodes, String what, java.util.function.ToIntFunction<String> call) {
        int total = 0;
        for (String node : nodes) {
            String address = comets.address(node);
            if (address == null) {
                continue;
            }
            try {
                total += call.applyAsInt(address);
            } catch (RuntimeException e) {
                LOG.warnf("GMQ-LGC-020 %s on comet %s (%s) failed: %s", what, node, address, e.toString());
            }
        }
        return total;
    }

    public Map<String, String> sessions(String user) {
        return routes.sessions(user);
    }
}
