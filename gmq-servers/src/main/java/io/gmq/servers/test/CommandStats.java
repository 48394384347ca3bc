package io.gmq.servers.test;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Counts the commands a Redis server executed while an action ran, from {@code INFO commandstats} (so a test can show
 * that a cost does not grow with data size). Meaningful on a private server that nothing else uses meanwhile.
 */
public final class CommandStats {

    /** Issued by readiness probes and by the counting itself: not part of what a test measures. */
    private static final Set<String> IGNORED = Set.of("ping", "info");

    private CommandStats() {
    }

    /** Command name → calls executed while the action ran; {@code info} returns the text of INFO commandstats. */
    public static Map<String, Long> during(Supplier<String> info, Runnable action) {
        Map<String, Long> before = parse(info.get());
        action.run();
        Map<String, Long> delta = new HashMap<>();
        parse(info.get()).forEach((command, calls) -> {
            long executed = calls - before.getOrDefault(command, 0L);
            if (executed > 0 && !IGNORED.contains(command)) {
                delta.put(command, executed);
            }
        });
        return delta;
    }

    static Map<String, Long> parse(String info) {
        Map<String, Long> stats = new HashMap<>();
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("cmdstat_")) {
                int calls = line.indexOf("calls=") + "calls=".length();
                stats.put(line.substring("cmdstat_".length(), line.indexOf(':')),
                        Long.parseLong(line.substring(calls, line.indexOf(',', calls))));
            }
        }
        return stats;
    }
}
