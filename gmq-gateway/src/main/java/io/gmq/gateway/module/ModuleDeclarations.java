package io.gmq.gateway.module;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.Config;

import io.gmq.gateway.bus.OverflowPolicy;
import io.gmq.gateway.bus.TopicFilter;
import io.smallrye.config.Expressions;

/**
 * Reads every {@code gmq.modules.<name>} entry from a {@link Config} (the application's, or one built from the
 * watched file or ConfigMap). A bad entry becomes an invalid declaration naming the key; the others are unaffected.
 */
public final class ModuleDeclarations {

    static final String PREFIX = "gmq.modules.";
    /** {@code ${NAME}} without a default. */
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^${}:]+)}");
    private static final Set<String> RESERVED = Set.of("type", "impl", "enabled", "subscribe", "publish", "queue",
            "tick-interval");

    /** Queue settings used where a module declares none. */
    public record QueueDefaults(int capacity, OverflowPolicy overflow, Duration blockTimeout, long maxDiskBytes) {
    }

    private ModuleDeclarations() {
    }

    public static Map<String, ModuleDeclaration> read(Config config, QueueDefaults defaults) {
        Map<String, Map<String, String>> flat = new TreeMap<>();
        Map<String, String> unreadable = new LinkedHashMap<>();
        for (String property : config.getPropertyNames()) {
            if (!property.startsWith(PREFIX)) {
                continue;
            }
            List<String> path = ConfigTree.splitName(property.substring(PREFIX.length()));
            if (path.size() < 2) {
                continue;
            }
            String module = path.get(0);
            String key = String.join(".", path.subList(1, path.size()));
            try {
                Optional<String> value = config.getOptionalValue(property, String.class);
                if (value.isPresent()) {
                    flat.computeIfAbsent(module, m -> new TreeMap<>()).put(key, value.get());
                } else {
                    unsetVariables(config, property).ifPresent(e -> unreadable.putIfAbsent(module, "key '" + key + "': " + e));
                }
            } catch (RuntimeException e) {
                unreadable.putIfAbsent(module, "key '" + key + "': " + e.getMessage());
            }
        }
        unreadable.keySet().forEach(m -> flat.putIfAbsent(m, Map.of()));
        Map<String, ModuleDeclaration> declarations = new TreeMap<>();
        flat.forEach((module, keys) -> declarations.put(module, unreadable.containsKey(module)
                ? ModuleDeclaration.invalid(module, unreadable.get(module))
                : parse(module, ConfigTree.of(keys), defaults)));
        return declarations;
    }

    /**
     * SmallRye Config reads a value whose {@code ${VAR}} has no value and no default as absent, which would silently
     * drop the key: name such variables instead (an empty value or {@code ${VAR:}} stays an absent key).
     */
    private static Optional<String> unsetVariables(Config config, String property) {
        String raw = Expressions.withoutExpansion(() -> config.getOptionalValue(property, String.class).orElse(null));
        if (raw == null) {
            return Optional.empty();
        }
        List<String> unset = new ArrayList<>();
        Matcher variable = VARIABLE.matcher(raw);
        while (variable.find()) {
            if (config.getOptionalValue(variable.group(1), String.class).isEmpty()) {
                unset.add("${" + variable.group(1) + "}");
            }
        }
        return unset.isEmpty() ? Optional.empty()
                : Optional.of(String.join(", ", unset) + (unset.size() == 1 ? " is not set and has" : " are not set and have")
                        + " no default");
    }

    static ModuleDeclaration parse(String name, Map<String, Object> tree, QueueDefaults defaults) {
        try {
            ModuleType type = ModuleType.parse(string(tree, "type", "inner"));
            Map<String, Object> queue = map(tree, "queue");
            for (String key : queue.keySet()) {
                if (!Set.of("capacity", "overflow", "block-timeout", "max-disk-bytes").contains(key)) {
                    throw new IllegalArgumentException(
                            "unknown key 'queue." + key + "' (capacity, overflow, block-timeout, max-disk-bytes)");
                }
            }
            int capacity = (int) number(queue, "capacity", defaults.capacity());
            long maxDiskBytes = number(queue, "max-disk-bytes", defaults.maxDiskBytes());
            OverflowPolicy overflow = queue.containsKey("overflow") ? OverflowPolicy.parse(string(queue, "overflow", ""))
                    : defaults.overflow();
            Duration blockTimeout = queue.containsKey("block-timeout")
                    ? Durations.parse(string(queue, "block-timeout", ""), "", "queue.block-timeout")
                    : defaults.blockTimeout();
            Optional<Duration> tick = tree.containsKey("tick-interval")
                    ? Optional.of(Durations.parse(string(tree, "tick-interval", ""), "", "tick-interval"))
                    : Optional.empty();
            Map<String, Object> settings = new LinkedHashMap<>(tree);
            settings.keySet().removeAll(RESERVED);
            return new ModuleDeclaration(name, type, string(tree, "impl", name), bool(tree, "enabled"),
                    filters(tree, "subscribe"), filters(tree, "publish"), capacity, overflow, blockTimeout, maxDiskBytes, tick,
                    settings,
                    Optional.empty());
        } catch (IllegalArgumentException e) {
            return ModuleDeclaration.invalid(name, e.getMessage());
        }
    }

    private static String string(Map<String, Object> tree, String key, String fallback) {
        Object value = tree.get(key);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof String s)) {
            throw new IllegalArgumentException("key '" + key + "' must be a single value");
        }
        return s;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> tree, String key) {
        Object value = tree.getOrDefault(key, Map.of());
        if (!(value instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("key '" + key + "' must be a map");
        }
        return (Map<String, Object>) value;
    }

    private static long number(Map<String, Object> tree, String key, long fallback) {
        String value = string(tree, key, String.valueOf(fallback));
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("key 'queue." + key + "': '" + value + "' is not a number");
        }
    }

    private static boolean bool(Map<String, Object> tree, String key) {
        String value = string(tree, key, "true").trim().toLowerCase();
        return switch (value) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException("key '" + key + "': '" + value + "' is not true or false");
        };
    }

    /** A list of topic filters, from a YAML list or a comma-separated string. */
    private static List<TopicFilter> filters(Map<String, Object> tree, String key) {
        Object value = tree.get(key);
        List<String> raw = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(v -> raw.add(String.valueOf(v)));
        } else if (value instanceof String s) {
            raw.addAll(List.of(s.split(",")));
        } else if (value != null) {
            throw new IllegalArgumentException("key '" + key + "' must be a list of topics");
        }
        List<TopicFilter> filters = new ArrayList<>();
        for (String topic : raw) {
            if (!topic.isBlank()) {
                try {
                    filters.add(new TopicFilter(topic.trim()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("key '" + key + "': " + e.getMessage());
                }
            }
        }
        return filters;
    }
}
