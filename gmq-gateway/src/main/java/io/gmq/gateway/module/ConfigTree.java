package io.gmq.gateway.module;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rebuilds nested maps and lists from flattened configuration names ({@code a.b[0].c = v}), as SmallRye Config
 * presents YAML. Values are already expanded ({@code ${ENV}}, {@code ${ENV:default}}), at any depth.
 */
final class ConfigTree {

    private static final Pattern INDEX = Pattern.compile("^(.*)\\[(\\d+)]$");

    private ConfigTree() {
    }

    /** Builds the tree from {@code relative name -> value} pairs. */
    static Map<String, Object> of(Map<String, String> flat) {
        Map<String, Object> root = new LinkedHashMap<>();
        new TreeMap<>(flat).forEach((name, value) -> put(root, splitName(name), 0, value));
        return normalise(root);
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> node, List<String> path, int at, String value) {
        String segment = path.get(at);
        boolean last = at == path.size() - 1;
        Matcher indexed = INDEX.matcher(segment);
        if (indexed.matches()) {
            // Lists are kept as index-keyed maps until normalise(), so out-of-order indexes work.
            Map<String, Object> list = (Map<String, Object>) node.computeIfAbsent(indexed.group(1) + "[]",
                    k -> new TreeMap<String, Object>());
            String index = String.format("%09d", Integer.parseInt(indexed.group(2)));
            if (last) {
                list.put(index, value);
            } else {
                put((Map<String, Object>) list.computeIfAbsent(index, k -> new LinkedHashMap<String, Object>()), path,
                        at + 1, value);
            }
            return;
        }
        if (last) {
            node.put(segment, value);
        } else {
            Object child = node.computeIfAbsent(segment, k -> new LinkedHashMap<String, Object>());
            if (child instanceof Map<?, ?> map) {
                put((Map<String, Object>) map, path, at + 1, value);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> normalise(Map<String, Object> node) {
        Map<String, Object> out = new LinkedHashMap<>();
        node.forEach((key, value) -> {
            if (key.endsWith("[]")) {
                List<Object> list = new ArrayList<>();
                ((Map<String, Object>) value).values().forEach(v -> list.add(v instanceof Map<?, ?> m
                        ? normalise((Map<String, Object>) m)
                        : v));
                out.put(key.substring(0, key.length() - 2), list);
            } else {
                out.put(key, value instanceof Map<?, ?> m ? normalise((Map<String, Object>) m) : value);
            }
        });
        return out;
    }

    /** Splits on dots outside quotes: {@code a."b.c".d} is three segments. */
    static List<String> splitName(String name) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : name.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '.' && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }
}
