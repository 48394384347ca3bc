package io.gmq.im.logic.service;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.gmq.im.common.CometChannels;
import io.gmq.im.common.InternalSecretClientInterceptor;
import io.gmq.im.logic.config.LogicConfig;
import io.gmq.im.logic.repository.MembershipRepository;
import io.gmq.im.logic.repository.RouteRepository;
import io.gmq.proto.im.comet.v1.KickRequest;
import io.gmq.proto.im.logic.v1.ConnectRequest;
import io.gmq.proto.im.logic.v1.RenewRequest;
import io.gmq.proto.im.logic.v1.Session;

/**
 * Sessions: routes recorded on connect, removed on disconnect, renewed by each comet's periodic call; and kicks,
 * which reach the comets that host the user.
 */
@ApplicationScoped
public class SessionService implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SessionService.class);

    private final RouteRepository routes;
    private final MembershipRepository membership;
    private final CometChannels comets;
    private final long cometTimeoutMillis;

    public SessionService(RouteRepository routes, MembershipRepository membership,
            InternalSecretClientInterceptor secret, LogicConfig config) {
        this.routes = routes;
        this.membership = membership;
        this.comets = new CometChannels(secret);
        this.cometTimeoutMillis = config.cometCallTimeout().toMillis();
    }

    /** Records the route and returns the user's rooms. */
    public Set<String> connect(ConnectRequest request) {
        routes.registerComet(request.getComet(), request.getCometAddress());
        routes.add(request.getSession().getUser(), request.getSession().getSession(), request.getComet());
        return membership.rooms(request.getSession().getUser());
    }

    public void disconnect(Session session) {
        routes.remove(session.getUser(), session.getSession());
    }

    public void renew(RenewRequest request) {
        routes.registerComet(request.getComet(), request.getCometAddress());
        // Re-adding (not only expiring) puts back a route that vanished while the comet held the session.
        for (Session session : request.getSessionsList()) {
            routes.add(session.getUser(), session.getSession(), request.getComet());
        }
    }

    /** Closes every connection of the user on every comet that hosts one; returns how many were closed. */
    public int kick(String user, String reason) {
        Set<String> nodes = new HashSet<>(routes.sessions(user).values());
        int closed = 0;
        for (String node : nodes) {
            String address = routes.cometAddress(node);
            if (address == null) {
                continue;
            }
            try {
                closed += comets.comet(address, cometTimeoutMillis)
                        .kick(KickRequest.newBuilder().setUser(user).setReason(reason).build()).getClosed();
            } catch (RuntimeException e) {
                LOG.warnf("GMQ-LGC-020 kick of %s on comet %s (%s) failed: %s", user, node, address, e.toString());
            }
        }
        return closed;
    }

    public Map<String, String> sessions(String user) {
        return routes.sessions(user);
    }

    @Override
    @PreDestroy
    public void close() {
        comets.close();
    }
}
