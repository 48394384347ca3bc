package io.gmq.im.bench.load;

/**
 * The frames the generator writes, and a cheap reader for the few fields it needs from the comet's frames: indexOf
 * on known field names instead of a JSON parser, so receiving 2,000 copies of a message costs the generator little of
 * the CPU the server shares.
 */
final class Frames {

    /** Bytes of every message body: step tag, send stamp, padding. */
    static final int BODY_BYTES = 100;
    private static final long T0 = System.nanoTime();
    private static final String PADDING = "x".repeat(BODY_BYTES);

    private Frames() {
    }

    /** Nanoseconds since this generator started: one monotonic clock shared by senders and receivers. */
    static long now() {
        return System.nanoTime() - T0;
    }

    /** {@code sSS.T(19 digits).xxx…}: step number and send stamp at fixed offsets, 100 bytes in all. */
    static String body(int step, long stamp) {
        String head = "s" + (char) ('0' + step / 10) + (char) ('0' + step % 10) + "." + String.format("%019d", stamp) + ".";
        return head + PADDING.substring(head.length());
    }

    static String roomSend(String cid, String room, String body) {
        return "{\"type\":\"send\",\"cid\":\"" + cid + "\",\"kind\":\"room\",\"room\":\"" + room + "\",\"body\":\"" + body
                + "\"}";
    }

    static String peerSend(String cid, String to, String body) {
        return "{\"type\":\"send\",\"cid\":\"" + cid + "\",\"kind\":\"peer\",\"to\":[\"" + to + "\"],\"body\":\"" + body
                + "\"}";
    }

    static String join(String room) {
        return "{\"type\":\"join\",\"room\":\"" + room + "\"}";
    }

    static String ack(long seq) {
        return "{\"type\":\"ack\",\"seq\":" + seq + "}";
    }

    static final String HEARTBEAT = "{\"type\":\"heartbeat\"}";

    /** The frame's type: the comet writes it first ({"type":"…"), else it is searched for. */
    static String type(String frame) {
        int start = frame.startsWith("{\"type\":\"") ? 9 : frame.indexOf("\"type\":\"") + 8;
        if (start < 8) {
            return "";
        }
        int end = frame.indexOf('"', start);
        return end < 0 ? "" : frame.substring(start, end);
    }

    static boolean isMessage(String frame) {
        return frame.startsWith("{\"type\":\"message\"");
    }

    /** A numeric field, or {@code fallback} when absent. */
    static long number(String frame, String field) {
        int at = frame.indexOf("\"" + field + "\":");
        if (at < 0) {
            return Long.MIN_VALUE;
        }
        int i = at + field.length() + 3;
        boolean negative = i < frame.length() && frame.charAt(i) == '-';
        if (negative) {
            i++;
        }
        long value = 0;
        for (; i < frame.length(); i++) {
            char c = frame.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            value = value * 10 + (c - '0');
        }
        return negative ? -value : value;
    }

    /** A string field without escapes (ids, conversations), or null. */
    static String text(String frame, String field) {
        int at = frame.indexOf("\"" + field + "\":\"");
        if (at < 0) {
            return null;
        }
        int start = at + field.length() + 4;
        int end = frame.indexOf('"', start);
        return end < 0 ? null : frame.substring(start, end);
    }

    /** Index of the first character of the body's value, or -1. */
    static int bodyStart(String frame) {
        int at = frame.indexOf("\"body\":\"s");
        return at < 0 ? -1 : at + 8;
    }

    static int step(String frame, int body) {
        return (frame.charAt(body + 1) - '0') * 10 + (frame.charAt(body + 2) - '0');
    }

    static long stamp(String frame, int body) {
        long value = 0;
        for (int i = body + 4; i < body + 23; i++) {
            value = value * 10 + (frame.charAt(i) - '0');
        }
        return value;
    }
}
