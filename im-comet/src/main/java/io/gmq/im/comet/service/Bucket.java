package io.gmq.im.comet.service;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The sessions this comet holds, by session id and by user (a user may have several devices connected).
 */
@ApplicationScoped
public class Bucket {

    private final Map<String, Session> byId = new ConcurrentHashMap<>();
    private final Map<String, Set<Session>> byUser = new ConcurrentHashMap<>();

    public void add(Session session) {
        byId.put(session.id(), session);
        byUser.computeIfAbsent(session.user(), u -> ConcurrentHashMap.newKeySet()).add(session);
    }

    public Session remove(String sessionId) {
        Session session = byId.remove(sessionId);
        if (session != null) {
            byUser.computeIfPresent(session.user(), (u, set) -> {
                set.remove(session);
                return set.isEmpty() ? null : set;
            });
        }
        return session;
    }

    public Session get(String sessionId) {
        return byId.get(sessionId);
    }

    public Collection<Session> of(String user) {
        Set<Session> sessions = byUser.get(user);
        return sessions == null ? List.of() : sessions;
    }

    public Collection<Session> all() {
        return byId.values();
    }

    public int size() {
        return byId.size();
    }
}
