package io.gmq.gateway.module;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Running instances of one kind of module, by module name: how a static endpoint (a gRPC service) finds the module
 * instances it routes to. Modules register in {@code start} and unregister in {@code stop}.
 */
public abstract class RunningModules<M> {

    private final Map<String, M> running = new ConcurrentHashMap<>();

    public void register(String name, M module) {
        running.put(name, module);
    }

    /** Removes the entry only if it is still this instance (a restart may have registered the next one). */
    public void unregister(String name, M module) {
        running.remove(name, module);
    }

    public M get(String name) {
        return running.get(name);
    }
}
