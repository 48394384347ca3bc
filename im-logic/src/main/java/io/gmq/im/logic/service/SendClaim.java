package io.gmq.im.logic.service;

/**
 * What Redis remembers of a sender's client message id: the server id and time given to it, and whether its produce
 * is in flight ({@code p}), failed ({@code f}) or done (acknowledged to the sender). Stored as {@code id|ts[|state|since]}:
 * a value without a state is done (the format before states existed).
 */
record SendClaim(String id, long ts, char state, long since) {

    static final char PENDING = 'p';
    static final char FAILED = 'f';
    static final char DONE = 'd';

    static SendClaim parse(String value) {
        String[] parts = value.split("\\|");
        long ts = Long.parseLong(parts[1]);
        if (parts.length < 4) {
            return new SendClaim(parts[0], ts, DONE, ts);
        }
        return new SendClaim(parts[0], ts, parts[2].charAt(0), Long.parseLong(parts[3]));
    }

    SendClaim with(char newState, long now) {
        return new SendClaim(id, ts, newState, now);
    }

    /**
     * True when another attempt may publish this message again under the same id: the previous attempt failed, or it
     * has been in flight longer than any produce may take (its logic died mid-send).
     */
    boolean takeable(long now, long staleMillis) {
        return state == FAILED || (state == PENDING && now - since > staleMillis);
    }

    String value() {
        return state == DONE ? id + "|" + ts : id + "|" + ts + "|" + state + "|" + since;
    }
}
