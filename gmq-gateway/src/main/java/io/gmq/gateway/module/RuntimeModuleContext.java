package io.gmq.gateway.module;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

/**
 * The {@link ModuleContext} of one running module: publishes are stamped with the module's name as source and
 * limited to the topics its declaration lists under {@code publish}.
 */
final class RuntimeModuleContext implements ModuleContext {

    private final ModuleDeclaration declaration;
    private final ModuleServices services;
    private final Logger log;
    private final Set<String> dataSources = ConcurrentHashMap.newKeySet();

    RuntimeModuleContext(ModuleDeclaration declaration, ModuleServices services) {
        this.declaration = declaration;
        this.services = services;
        this.log = Logger.getLogger("io.gmq.module." + declaration.name());
    }

    @Override
    public String name() {
        return declaration.name();
    }

    @Override
    public PublishResult publish(String topic, byte[] payload, Map<String, String> headers) {
        if (!declaration.mayPublish(topic)) {
            throw new IllegalArgumentException("module " + name() + " may not publish to '" + topic
                    + "': add it to gmq.modules." + name() + ".publish");
        }
        return services.publish(name(), topic, payload, headers);
    }

    @Override
    public DataSource dataSource(String name) {
        DataSource dataSource = services.dataSource(name);
        dataSources.add(ModuleServices.dataSourceKey(name));
        return dataSource;
    }

    /** The datasources this instance asked for ("" = the default one): readiness probes those of running modules. */
    Set<String> dataSources() {
        return dataSources;
    }

    @Override
    public Logger log() {
        return log;
    }
}
