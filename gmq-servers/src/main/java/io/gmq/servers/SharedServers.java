package io.gmq.servers;

import java.util.HashMap;
import java.util.Map;

/**
 * One manager per server and endpoint in this JVM, reference-counted, so every test resource and test profile that
 * needs a server shares one instance, and the last one out stops what was started.
 */
public final class SharedServers {

    private static final Map<String, ManagedServer> SERVERS = new HashMap<>();
    private static final Map<String, Integer> USERS = new HashMap<>();

    private SharedServers() {
    }

    public static synchronized ManagedServer acquire(ServerKind kind, Endpoint endpoint) {
        String key = kind + "@" + endpoint;
        ManagedServer server = SERVERS.computeIfAbsent(key, k -> kind.create(endpoint, System::getenv));
        server.ensure();
        USERS.merge(key, 1, Integer::sum);
        return server;
    }

    public static synchronized void release(ServerKind kind, ManagedServer server) {
        String key = kind + "@" + server.endpoint();
        int left = USERS.merge(key, -1, Integer::sum);
        if (left <= 0) {
            USERS.remove(key);
            SERVERS.remove(key);
            server.stop();
        }
    }
}
