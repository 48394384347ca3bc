package io.gmq.gateway.comments;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The comments modules that are running, by module name, for the gRPC service to route to.
 */
@ApplicationScoped
public class CommentModules {

    private final Map<String, CommentsModule> running = new ConcurrentHashMap<>();

    void register(String name, CommentsModule module) {
        running.put(name, module);
    }

    void unregister(String name, CommentsModule module) {
        running.remove(name, module);
    }

    CommentsModule get(String name) {
        return running.get(name);
    }
}
