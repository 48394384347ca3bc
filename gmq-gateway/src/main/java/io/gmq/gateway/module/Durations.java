package io.gmq.gateway.module;

import java.time.Duration;

import io.quarkus.runtime.configuration.DurationConverter;

/**
 * Parses duration values of module configuration ("500ms", "5s", ISO-8601) with an error that names the key.
 */
public final class Durations {

    private Durations() {
    }

    /** {@code value}, or {@code fallback} when null; a bad value throws naming {@code key}. */
    public static Duration parse(String value, String fallback, String key) {
        String text = value == null ? fallback : value.trim();
        try {
            return DurationConverter.parseDuration(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("key '" + key + "': '" + text + "' is not a duration (e.g. 500ms, 5s)");
        }
    }
}
