package io.gmq.gateway.module;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;

import io.gmq.gateway.exe.ExeModule;

/**
 * Creates a fresh module instance for a declaration: a CDI bean for {@code inner}, an {@link ExeModule} for
 * {@code exe}; {@code so} modules are declared and validated but not built yet (their start fails saying so).
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
            case SO -> throw new IllegalArgumentException(declaration.settings().containsKey("library")
                    ? "type 'so' is not built yet in this version"
                    : "missing key 'library' (the shared library an so module loads)");
        };
    }

    void destroy(GmqModule<?> module) {
        if (!(module instanceof ExeModule)) {
            inner.destroy(module);
        }
    }
}
