package io.gmq.gateway.module;

import java.util.HashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.gmq.gateway.bus.MessageBus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;

/**
 * Per-module Prometheus metrics: messages received, handled, failed, dropped and rejected, queue depth, restarts
 * (tag {@code module}). Modules declared later (live reconfiguration) get their meters on the next pass.
 */
@ApplicationScoped
public class ModuleMetrics {

    private final MeterRegistry registry;
    private final MessageBus bus;
    private final Set<String> registered = new HashSet<>();

    public ModuleMetrics(MeterRegistry registry, MessageBus bus) {
        this.registry = registry;
        this.bus = bus;
    }

    @Scheduled(every = "5s", delayed = "0s")
    synchronized void register() {
        for (ModuleRuntime module : bus.modules()) {
            if (registered.add(module.name())) {
                String name = module.name();
                counter("received", name, () -> lookup(name) == null ? 0 : lookup(name).received());
                counter("handled", name, () -> lookup(name) == null ? 0 : lookup(name).handled());
                counter("failed", name, () -> lookup(name) == null ? 0 : lookup(name).failed());
                counter("dropped", name, () -> lookup(name) == null ? 0 : lookup(name).queue().dropped());
                counter("rejected", name, () -> lookup(name) == null ? 0 : lookup(name).queue().rejected());
                FunctionCounter.builder("gmq.module.restarts", this, m -> lookup(name) == null ? 0 : lookup(name).restarts())
                        .tag("module", name).description("Restarts of the module").register(registry);
                Gauge.builder("gmq.module.queue.depth", this, m -> lookup(name) == null ? 0 : lookup(name).queue().depth())
                        .tag("module", name).description("Messages waiting in the module's queue").register(registry);
            }
        }
    }

    private void counter(String outcome, String module, java.util.function.LongSupplier value) {
        FunctionCounter.builder("gmq.module.messages", this, m -> value.getAsLong()).tag("module", module)
                .tag("outcome", outcome).description("Messages by outcome").register(registry);
    }

    private ModuleRuntime lookup(String name) {
        return bus.module(name);
    }
}
