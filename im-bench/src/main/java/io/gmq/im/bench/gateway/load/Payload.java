package io.gmq.im.bench.gateway.load;

import java.util.Arrays;

/**
 * The bench message body: a phase letter, the sequence number and the send time ({@code System.nanoTime()}, one clock
 * since publisher and subscriber share the generator) in hex, padded to the size asked. A module may put bytes before
 * it (the echo's prefix), so the receiver reads the last {@code size} bytes.
 */
final class Payload {

    static final int MIN_SIZE = 33;
    private static final byte[] HEX = "0123456789abcdef".getBytes();

    private Payload() {
    }

    static byte[] make(char phase, long seq, long nanos, int size) {
        byte[] body = new byte[Math.max(MIN_SIZE, size)];
        Arrays.fill(body, (byte) 'x');
        body[0] = (byte) phase;
        hex(body, 1, seq);
        hex(body, 17, nanos);
        return body;
    }

    /** The phase letter of a body whose last {@code size} bytes are ours, or 0 when it is too short. */
    static char phase(byte[] body, int length, int size) {
        int at = length - size;
        return at < 0 ? 0 : (char) body[at];
    }

    static long seq(byte[] body, int length, int size) {
        return unhex(body, length - size + 1);
    }

    static long nanos(byte[] body, int length, int size) {
        return unhex(body, length - size + 17);
    }

    private static void hex(byte[] into, int at, long value) {
        for (int i = 15; i >= 0; i--) {
            into[at + i] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
    }

    private static long unhex(byte[] from, int at) {
        long value = 0;
        for (int i = 0; i < 16; i++) {
            int c = from[at + i];
            value = (value << 4) | (c <= '9' ? c - '0' : c - 'a' + 10);
        }
        return value;
    }
}
