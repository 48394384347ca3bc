package io.gmq.gateway.module;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;

import io.gmq.gateway.exe.ExeModule;
import io.gmq.gateway.so.SoModule;

/**
 * Creates a fresh module instance for a declaration: a CDI bean for {@code inner}, an {@link ExeModule} for
 * {@code exe}, a {@link SoModule} for {@code so}.
 */
@ApplicationScoped
public class ModuleFactory {

    private final Instance<GmqModule<?>> inner;

    public ModuleFactory(@Any Instance<GmqModule<?>> inner) {
        this.inner = inner;
    }

    @SuppressWarnings("unchecked")
    GmqModule<Object> create(ModuleDeclaration declaration) {
        return switch (declaration.type()) {
            case INNER -> {
                Instance<GmqModule<?>> candidate = inner.select(new ModuleImpl.Literal(declaration.impl()));
                if (!candidate.isResolvable()) {
                    throw new IllegalArgumentException("no inner module implementation named '" + declaration.impl() + "'");
                }
                yield (GmqModule<Object>) candidate.get();
            }
            case EXE -> (GmqModule<Object>) (GmqModule<?>) new ExeModule();
            case SO -> (GmqModule<Object>) (GmqModule<?>) new SoModule();
        };
    }

    void destroy(GmqModule<?> module) {
        if (!(module instanceof ExeModule) && !(module instanceof SoModule)) {
            inner.destroy(module);
        }
    }
}
