package io.gmq.im.comet.service;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A room as this comet sees it: the local sessions whose user joined it. A room delivery from push is written to
 * these sessions directly (goim style), so its cost on push does not depend on how many members the room has.
 */
public final class Room {

    private final String id;
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();

    Room(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    boolean add(Session session) {
        return sessions.add(session);
    }

    boolean remove(Session session) {
        return sessions.remove(session);
    }

    boolean isEmpty() {
        return sessions.isEmpty();
    }

    public Collection<Session> sessions() {
        return sessions;
    }

    /** Distinct users among the local sessions (a user may be connected with several devices). */
    public int users() {
        return (int) sessions.stream().map(Session::user).distinct().count();
    }
}
