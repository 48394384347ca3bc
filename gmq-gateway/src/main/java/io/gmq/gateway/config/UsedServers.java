package io.gmq.gateway.config;

import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.gmq.gateway.bus.MessageBus;
import io.gmq.gateway.module.ModuleRuntime;
import io.gmq.gateway.module.ModuleState;
import io.gmq.gateway.module.ModuleType;

/**
 * Which of the configured servers the running modules use now, so that readiness waits only for those: an edge
 * gateway on the embedded datasource alone is ready without PostgreSQL, MariaDB or an MQTT broker.
 */
@ApplicationScoped
public class UsedServers {

    private final MessageBus bus;
    private final GatewayConfig.Mqtt mqtt;

    private final boolean edgeOnDefaultBroker;

    public UsedServers(MessageBus bus, GatewayConfig config,
            @ConfigProperty(name = "mp.messaging.incoming.mqtt-in.enabled", defaultValue = "false") boolean edge,
            @ConfigProperty(name = "mp.messaging.incoming.mqtt-in.host") Optional<String> edgeHost,
            @ConfigProperty(name = "mp.messaging.incoming.mqtt-in.port") Optional<String> edgePort) {
        this.bus = bus;
        this.mqtt = config.mqtt();
        // The MQTT edge channels (application.yaml mp.messaging) need the broker whenever they are on.
        this.edgeOnDefaultBroker = edge && same(edgeHost.orElse(null), mqtt.host())
                && same(edgePort.orElse(null), String.valueOf(mqtt.port()));
    }

    /** A running module asked for this datasource ("" = the default one). */
    public boolean dataSource(String name) {
        return bus.modules().stream().anyMatch(m -> m.dataSourcesInUse().contains(name));
    }

    /**
     * The MQTT edge channels, or a running mqtt-bridge module, connect to the broker of {@code gmq.gateway.mqtt} (no
     * host, port or aliyun of their own).
     */
    public boolean defaultBroker() {
        return edgeOnDefaultBroker
                || bus.modules().stream().filter(m -> m.state() == ModuleState.RUNNING).map(ModuleRuntime::declaration)
                        .filter(d -> d.type() == ModuleType.INNER && d.impl().equals("mqtt-bridge"))
                        .anyMatch(d -> onDefaultBroker(d.settings()));
    }

    private boolean onDefaultBroker(Map<String, Object> settings) {
        return !settings.containsKey("aliyun") && same(settings.get("host"), mqtt.host())
                && same(settings.get("port"), String.valueOf(mqtt.port()));
    }

    private static boolean same(Object declared, String configured) {
        return declared == null || String.valueOf(declared).strip().equals(configured);
    }
}
