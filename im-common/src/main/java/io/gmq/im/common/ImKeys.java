package io.gmq.im.common;

/**
 * The Redis key schema shared by logic (writes routes, rooms, de-duplication) and push (reads routes, numbers and
 * stores messages). All keys start with {@code im:}.
 */
public final class ImKeys {

    /** Set of the comet node ids that ever registered; each is live while {@link #comet(String)} exists. */
    public static final String COMETS = "im:comets";

    private ImKeys() {
    }

    /** Hash session id → comet node id; expires unless a comet renews it. */
    public static String route(String user) {
        return "im:route:" + user;
    }

    /** String: the gRPC address of a live comet; expires unless renewed. */
    public static String comet(String node) {
        return "im:comet:" + node;
    }

    /**
     * Sorted set room → last time (ms) a session of this comet was in it: the rooms push sends a room batch to this
     * comet for. Entries not renewed for two renew intervals are removed.
     */
    public static String cometRooms(String node) {
        return "im:comet:" + node + ":rooms";
    }

    /** Hash room → distinct users of this comet in it (from its last renew); summed over comets for online counts. */
    public static String cometOnline(String node) {
        return "im:comet:" + node + ":online";
    }

    /** Set of the users who joined a room. */
    public static String roomMembers(String room) {
        return "im:room:" + room + ":members";
    }

    /** Set of the rooms a user joined. */
    public static String userRooms(String user) {
        return "im:user:" + user + ":rooms";
    }

    /** String: the server id first given to a sender's client message id. */
    public static String clientId(String user, String cid) {
        return "im:cid:" + user + ":" + cid;
    }

    /** Counter: the last seq given in a conversation. */
    public static String sequence(String conversation) {
        return "im:seq:" + conversation;
    }

    /** String: the seq given to one message id in a conversation, so a redelivered record keeps its seq. */
    public static String messageSequence(String conversation, String id) {
        return "im:mid:" + conversation + ":" + id;
    }

    /** Sorted set of a room's recent messages, scored by seq (bounded, with a TTL). */
    public static String history(String conversation) {
        return "im:hist:" + conversation;
    }
}
