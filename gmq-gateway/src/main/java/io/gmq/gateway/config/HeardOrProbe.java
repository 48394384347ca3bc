package io.gmq.gateway.config;

import java.util.function.BooleanSupplier;

import io.gmq.common.health.DependencyProbe;
import io.smallrye.mutiny.Uni;

/**
 * A server probe that takes recent traffic from the server on a live connection as its answer and probes afresh only
 * without it. Under a flood a fresh connection can miss the probe timeout because the gateway itself is slow to run
 * it, while the server answers every packet; readiness would say DOWN for a server that answers.
 */
final class HeardOrProbe implements DependencyProbe {

    private final DependencyProbe fresh;
    private final BooleanSupplier heardRecently;

    HeardOrProbe(DependencyProbe fresh, BooleanSupplier heardRecently) {
        this.fresh = fresh;
        this.heardRecently = heardRecently;
    }

    @Override
    public String name() {
        return fresh.name();
    }

    @Override
    public String address() {
        return fresh.address();
    }

    @Override
    public Uni<Void> check() {
        return heardRecently.getAsBoolean() ? Uni.createFrom().voidItem() : fresh.check();
    }

    @Override
    public boolean inUse() {
        return fresh.inUse();
    }
}
