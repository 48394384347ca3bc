package io.gmq.im.comet.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.gmq.im.comet.config.CometConfig;

/**
 * Tokens whose connection was closed with 4501 TOO_MANY_ERRORS, refused on this comet until their cooldown ends (a
 * client that ignores "do not reconnect" would otherwise start a fresh error allowance at once). Held as SHA-256
 * digests, never the tokens themselves; an entry goes once its cooldown ended.
 */
@ApplicationScoped
public class AbuseCooldown {

    /** Past this many entries, a new one first drops the ended ones: memory stays bounded by abusers per cooldown. */
    private static final int PRUNE_ABOVE = 10_000;

    private final Map<String, Long> until = new ConcurrentHashMap<>();
    private final long cooldownMillis;

    public AbuseCooldown(CometConfig config) {
        this.cooldownMillis = config.abuseCooldown().toMillis();
    }

    /** The key a token is remembered by. */
    public static String key(String rawToken) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(rawToken.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The connection of this token was closed with 4501: refuse it for the cooldown. */
    public void start(String key) {
        long now = System.currentTimeMillis();
        if (until.size() > PRUNE_ABOVE) {
            until.values().removeIf(end -> end <= now);
        }
        until.put(key, now + cooldownMillis);
    }

    /** Milliseconds the token is still refused for; 0 when it is not. */
    public long remaining(String key) {
        Long end = until.get(key);
        if (end == null) {
            return 0;
        }
        long left = end - System.currentTimeMillis();
        if (left <= 0) {
            until.remove(key, end);
            return 0;
        }
        return left;
    }
}
