package io.gmq.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The gRPC services proto/ defines: for each "package.Service", its methods, which of them stream and which declare
 * themselves free of side effects ({@code option idempotency_level}), so routes can be checked against them.
 */
record ProtoCatalog(Map<String, Map<String, Method>> services) {

    record Method(boolean streaming, boolean idempotent) {
    }

    private static final Pattern RPC = Pattern.compile("rpc\\s+(\\w+)\\s*\\(\\s*(stream\\s+)?[\\w.]+\\s*\\)\\s*"
            + "returns\\s*\\(\\s*(stream\\s+)?[\\w.]+\\s*\\)\\s*(;|\\{([^}]*)})");

    static ProtoCatalog read(Repo repo) {
        Map<String, Map<String, Method>> services = new HashMap<>();
        try (Stream<Path> files = Files.walk(repo.path("proto/src/main/proto"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".proto")).toList()) {
                String text = Files.readString(file).replaceAll("//[^\\n]*", "");
                String pkg = Repo.group(text, "package\\s+([\\w.]+)\\s*;");
                Matcher service = Pattern.compile("service\\s+(\\w+)\\s*\\{").matcher(text);
                while (service.find()) {
                    Map<String, Method> methods = new HashMap<>();
                    Matcher rpc = RPC.matcher(block(text, service.end()));
                    while (rpc.find()) {
                        String options = rpc.group(5) == null ? "" : rpc.group(5);
                        methods.put(rpc.group(1), new Method(rpc.group(2) != null || rpc.group(3) != null,
                                options.matches("(?s).*idempotency_level\\s*=\\s*(NO_SIDE_EFFECTS|IDEMPOTENT).*")));
                    }
                    services.put(pkg + "." + service.group(1), methods);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ProtoCatalog(services);
    }

    /** The methods a route path reaches: "/pkg.Service/Method" (exact) or "/pkg.Service/" (prefix); null: none. */
    List<Method> reached(String path) {
        String[] parts = path.split("/");
        if (parts.length < 2 || !services.containsKey(parts[1])) {
            return null;
        }
        Map<String, Method> methods = services.get(parts[1]);
        if (parts.length > 2 && !parts[2].isEmpty()) {
            Method method = methods.get(parts[2]);
            return method == null ? null : List.of(method);
        }
        return List.copyOf(methods.values());
    }

    private static String block(String text, int start) {
        int depth = 1;
        int i = start;
        while (i < text.length() && depth > 0) {
            char c = text.charAt(i++);
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
        }
        return text.substring(start, i - 1);
    }
}
