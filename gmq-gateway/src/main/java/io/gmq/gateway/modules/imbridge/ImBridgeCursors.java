package io.gmq.gateway.modules.imbridge;

import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The last seq each IM bridge processed per room, kept across module restarts and reloads (not across a gateway
 * restart): the next instance recovers the room from there, so a command sent while the module restarted still
 * reaches its device. Keyed by module, bot user and room, so a changed user or room starts fresh.
 */
@ApplicationScoped
public class ImBridgeCursors {

    private final ConcurrentHashMap<String, Long> cursors = new ConcurrentHashMap<>();

    /** The last processed seq, or -1 when this module never processed the room in this process. */
    public long get(String module, String user, String room) {
        return cursors.getOrDefault(key(module, user, room), -1L);
    }

    public void put(String module, String user, String room, long seq) {
        if (seq >= 0) {
            cursors.put(key(module, user, room), seq);
        }
    }

    private static String key(String module, String user, String room) {
        return module + '\u0000' + user + '\u0000' + room;
    }
}
