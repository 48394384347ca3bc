package io.gmq.im.common;

/**
 * Conversation names: the Kafka key and the unit of ordering and sequence numbers. A room is {@code r:<room>}, a
 * user's inbox (peer, group and multicast copies) is {@code u:<user>}, broadcasts are {@code all}.
 */
public final class Conversations {

    public static final String BROADCAST = "all";
    private static final String ROOM = "r:";
    private static final String INBOX = "u:";

    private Conversations() {
    }

    public static String room(String room) {
        return ROOM + room;
    }

    public static String inbox(String user) {
        return INBOX + user;
    }

    public static boolean isRoom(String conversation) {
        return conversation.startsWith(ROOM);
    }

    public static boolean isInbox(String conversation) {
        return conversation.startsWith(INBOX);
    }

    /** The room of {@code r:<room>} or the user of {@code u:<user>}. */
    public static String subject(String conversation) {
        return conversation.substring(2);
    }

    /** Whether the string names a conversation of one of the three forms. */
    public static boolean isValid(String conversation) {
        return BROADCAST.equals(conversation)
                || (conversation.length() > 2 && (isRoom(conversation) || isInbox(conversation)));
    }
}
