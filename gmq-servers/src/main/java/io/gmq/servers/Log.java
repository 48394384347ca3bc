package io.gmq.servers;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * Operator-facing log lines of the server manager; plain stderr, so it works inside any host (Quarkus tests, the
 * stack launcher) without a logging framework.
 */
public final class Log {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private Log() {
    }

    public static void info(String message) {
        System.err.println(LocalTime.now().format(TIME) + " [gmq-servers] " + message);
    }
}
