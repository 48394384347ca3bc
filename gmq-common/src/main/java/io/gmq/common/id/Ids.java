package io.gmq.common.id;

import java.security.SecureRandom;

/**
 * Message ids: ULIDs (48-bit millisecond time, 80 random bits, Crockford base32), monotonic within one process so
 * ids sort in publish order.
 */
public final class Ids {

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static long lastTime;
    private static long randomHigh;
    private static long randomLow;

    private Ids() {
    }

    public static synchronized String next() {
        long now = System.currentTimeMillis();
        if (now > lastTime) {
            lastTime = now;
            randomHigh = RANDOM.nextLong() & 0xFFFFL;
            randomLow = RANDOM.nextLong();
        } else if (++randomLow == 0 && ++randomHigh > 0xFFFFL) {
            // 2^80 ids in one millisecond cannot happen; borrow the next millisecond to stay monotonic.
            lastTime++;
            randomHigh = 0;
        }
        char[] out = new char[26];
        long time = lastTime;
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (time & 31)];
            time >>>= 5;
        }
        long low = randomLow;
        long high = randomHigh;
        for (int i = 25; i >= 10; i--) {
            out[i] = ALPHABET[(int) (low & 31)];
            low = (low >>> 5) | ((high & 31) << 59);
            high >>>= 5;
        }
        return new String(out);
    }
}
