package io.gmq.gateway.grpc;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Running remote modules by name, for the bus bridge to attach connections to.
 */
@ApplicationScoped
public class RemoteModules {

    private final Map<String, RemoteModule> running = new ConcurrentHashMap<>();

    void register(String name, RemoteModule module) {
        running.put(name, module);
    }

    void unregister(String name, RemoteModule module) {
        running.remove(name, module);
    }

    RemoteModule get(String name) {
        return running.get(name);
    }
}
