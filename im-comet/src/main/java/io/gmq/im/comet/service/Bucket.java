package io.gmq.im.comet.service;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The sessions this comet holds, by session id, by user (a user may have several devices connected) and by room
 * (the local sessions whose user joined it), so a room delivery needs no per-member lookup.
 */
@ApplicationScoped
public class Bucket {

    private final Map<String, Session> byId = new ConcurrentHashMap<>();
    private final Map<String, Set<Session>> byUser = new ConcurrentHashMap<>();
    private final Map<String, Room> rooms = new ConcurrentHashMap<>();
    /** Sessions being registered with logic: membership changes meanwhile go to their room set, not lost. */
    private final Map<String, Set<Session>> opening = new ConcurrentHashMap<>();

    /** A session starts registering; until {@link #add} or {@link #abandon} it only collects membership changes. */
    public void opening(Session session) {
        opening.computeIfAbsent(session.user(), u -> ConcurrentHashMap.newKeySet()).add(session);
    }

    public void abandon(Session session) {
        opening.computeIfPresent(session.user(), (u, set) -> {
            set.remove(session);
            return set.isEmpty() ? null : set;
        });
    }

    /** Adds a registered session and indexes it under the rooms it holds. */
    public void add(Session session) {
        byId.put(session.id(), session);
        abandon(session);
        byUser.computeIfAbsent(session.user(), u -> ConcurrentHashMap.newKeySet()).add(session);
        session.rooms().forEach(room -> index(session, room));
    }

    public Session remove(String sessionId) {
        Session session = byId.remove(sessionId);
        if (session != null) {
            byUser.computeIfPresent(session.user(), (u, set) -> {
                set.remove(session);
                return set.isEmpty() ? null : set;
            });
            session.rooms().forEach(room -> unindex(session, room));
        }
        return session;
    }

    /** The session joins a room; idempotent. */
    public void join(Session session, String room) {
        session.rooms().add(room);
        if (byId.containsKey(session.id())) {
            index(session, room);
            if (!byId.containsKey(session.id())) {
                unindex(session, room); // removed meanwhile: leave no closed session in the room
            }
        }
    }

    /** The session leaves a room; idempotent. */
    public void leave(Session session, String room) {
        session.rooms().remove(room);
        unindex(session, room);
    }

    public Session get(String sessionId) {
        return byId.get(sessionId);
    }

    public Collection<Session> of(String user) {
        Set<Session> sessions = byUser.get(user);
        return sessions == null ? List.of() : sessions;
    }

    /** The sessions of a user that follow its membership changes: registered ones and those registering. */
    public Collection<Session> following(String user) {
        Set<Session> registering = opening.get(user);
        if (registering == null) {
            return of(user);
        }
        List<Session> all = new java.util.ArrayList<>(of(user));
        all.addAll(registering);
        return all;
    }

    /** The local sessions in a room (empty when none joined it). */
    public Collection<Session> inRoom(String room) {
        Room found = rooms.get(room);
        return found == null ? List.of() : found.sessions();
    }

    /** Room → distinct local users in it, for every room a local session joined. */
    public Map<String, Integer> roomUsers() {
        Map<String, Integer> users = new HashMap<>();
        rooms.values().forEach(room -> users.put(room.id(), room.users()));
        users.values().removeIf(count -> count == 0);
        return users;
    }

    public Collection<Session> all() {
        return byId.values();
    }

    public int size() {
        return byId.size();
    }

    private void index(Session session, String room) {
        rooms.computeIfAbsent(room, Room::new).add(session);
    }

    private void unindex(Session session, String room) {
        rooms.computeIfPresent(room, (id, found) -> {
            found.remove(session);
            return found.isEmpty() ? null : found;
        });
    }
}
