package io.gmq.gateway.rest;

import java.util.List;

import io.gmq.gateway.bus.TopicFilter;
import io.gmq.gateway.module.ModuleRuntime;

/**
 * What the admin API shows of one module: declaration, state (with the reason when FAILED), queue and counters.
 */
public record ModuleView(String name, String type, String impl, String state, String reason, List<String> subscribe,
        List<String> publish, int queueDepth, int queueCapacity, String overflow, long received, long handled, long failed,
        long dropped, long rejected, long restarts) {

    static ModuleView of(ModuleRuntime module) {
        var declaration = module.declaration();
        return new ModuleView(module.name(), declaration.type().name().toLowerCase(), declaration.impl(),
                module.state().name(), module.reason(), declaration.subscribe().stream().map(TopicFilter::pattern).toList(),
                declaration.publish().stream().map(TopicFilter::pattern).toList(), module.queue().depth(),
                module.queue().capacity(), module.queue().policy().spelling(), module.received(), module.handled(),
                module.failed(), module.queue().dropped(), module.queue().rejected(), module.restarts());
    }
}
