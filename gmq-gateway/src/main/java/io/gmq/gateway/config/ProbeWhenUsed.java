package io.gmq.gateway.config;

import java.util.function.BooleanSupplier;

import io.gmq.common.health.DependencyProbe;
import io.smallrye.mutiny.Uni;

/**
 * A server probe that counts for readiness only while a running module uses that server, and that may take recent
 * traffic from the server on a live connection as its answer, probing afresh only without it. Under a flood a fresh
 * connection can miss the probe timeout because the gateway itself is slow to run it, while the server answers every
 * packet: readiness would say DOWN for a server that answers.
 */
final class ProbeWhenUsed implements DependencyProbe {

    private final DependencyProbe probe;
    private final BooleanSupplier used;
    private final BooleanSupplier heardRecently;

    ProbeWhenUsed(DependencyProbe probe, BooleanSupplier used) {
        this(probe, used, () -> false);
    }

    ProbeWhenUsed(DependencyProbe probe, BooleanSupplier used, BooleanSupplier heardRecently) {
        this.probe = probe;
        this.used = used;
        this.heardRecently = heardRecently;
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
        return heardRecently.getAsBoolean() ? Uni.createFrom().voidItem() : probe.check();
    }

    @Override
    public boolean inUse() {
        return used.getAsBoolean();
    }
}
