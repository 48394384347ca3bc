package io.gmq.gateway.config;

import java.util.function.BooleanSupplier;

import io.gmq.common.health.DependencyProbe;
import io.smallrye.mutiny.Uni;

/**
 * A server probe that counts for readiness only while a running module uses that server.
 */
final class ProbeWhenUsed implements DependencyProbe {

    private final DependencyProbe probe;
    private final BooleanSupplier used;

    ProbeWhenUsed(DependencyProbe probe, BooleanSupplier used) {
        this.probe = probe;
        this.used = used;
    }

    @Override
    public String name() {
        return probe.name();
    }

    @Override
    public String address() {
        return probe.address();
    }

    @Override
    public Uni<Void> check() {
        return probe.check();
    }

    @Override
    public boolean inUse() {
        return used.getAsBoolean();
    }
}
