package io.gmq.gateway.bus;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.gmq.gateway.module.ModuleRuntime;
import io.gmq.gateway.module.ModuleState;
import io.gmq.gateway.module.PublishResult;

/**
 * Routes each published envelope into the queue of every module whose subscriptions match its topic (never back to
 * the module that published it). Modules that are stopped or restarting still receive: their queues hold the work.
 * DISABLED and FAILED modules receive nothing (a FAILED one would never handle it), so the publisher's count shows it.
 */
@ApplicationScoped
public class MessageBus {

    private final Map<String, ModuleRuntime> modules = new ConcurrentHashMap<>();

    public void register(ModuleRuntime runtime) {
        modules.put(runtime.name(), runtime);
    }

    public void unregister(String name) {
        modules.remove(name);
    }

    public Collection<ModuleRuntime> modules() {
        return modules.values();
    }

    public ModuleRuntime module(String name) {
        return modules.get(name);
    }

    public PublishResult publish(Envelope envelope) {
        int delivered = 0;
        List<String> rejectedBy = new ArrayList<>(0);
        for (ModuleRuntime module : modules.values()) {
            if (module.state() == ModuleState.DISABLED || module.state() == ModuleState.FAILED
                    || module.name().equals(envelope.source())
                    || !module.declaration().subscribes(envelope.topic())) {
                continue;
            }
            ModuleQueue.Offer offer;
            try {
                offer = module.queue().offer(envelope);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                offer = ModuleQueue.Offer.REJECTED;
            }
            switch (offer) {
                case QUEUED, QUEUED_DROPPED_OLDEST -> {
                    module.countReceived();
                    delivered++;
                }
                case DROPPED_NEWEST -> {
                }
                case REJECTED -> rejectedBy.add(module.name());
            }
        }
        return new PublishResult(envelope.id(), delivered, rejectedBy);
    }
}
