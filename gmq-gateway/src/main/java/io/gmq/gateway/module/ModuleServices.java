package io.gmq.gateway.module;

import java.util.Map;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.Instance;

import io.agroal.api.AgroalDataSource;
import io.gmq.gateway.bus.Envelope;
import io.gmq.gateway.bus.MessageBus;

/**
 * What the runtime offers every module: the bus, and the application's named datasources.
 */
@ApplicationScoped
public class ModuleServices {

    private final MessageBus bus;
    private final Instance<AgroalDataSource> dataSources;

    public ModuleServices(MessageBus bus, @Any Instance<AgroalDataSource> dataSources) {
        this.bus = bus;
        this.dataSources = dataSources;
    }

    PublishResult publish(String source, String topic, byte[] payload, Map<String, String> headers) {
        return bus.publish(Envelope.of(topic, source, headers, payload));
    }

    /** A datasource's name as readiness knows it: "" for the default one. */
    static String dataSourceKey(String name) {
        return name == null || name.isBlank() || name.equals("default") ? "" : name;
    }

    DataSource dataSource(String name) {
        Instance<AgroalDataSource> selected = dataSourceKey(name).isEmpty()
                ? dataSources.select(Default.Literal.INSTANCE)
                : dataSources.select(new io.quarkus.agroal.DataSource.DataSourceLiteral(name));
        if (!selected.isResolvable()) {
            throw new IllegalArgumentException("no datasource named '" + name + "'");
        }
        return selected.get();
    }
}
