package io.gmq.gateway.module;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;

/**
 * Creates a fresh module instance for a declaration: a CDI bean for {@code inner}; {@code exe} and {@code so}
 * modules are declared and validated but not built yet (their start fails with a reason that says so).
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
            case EXE -> throw new IllegalArgumentException(declaration.settings().containsKey("command")
                    ? "type 'exe' is not built yet in this version"
                    : "missing key 'command' (the executable an exe module runs)");
            case SO -> throw new IllegalArgumentException(declaration.settings().containsKey("library")
                    ? "type 'so' is not built yet in this version"
                    : "missing key 'library' (the shared library an so module loads)");
        };
    }

    void destroy(GmqModule<?> module) {
        inner.destroy(module);
    }
}
