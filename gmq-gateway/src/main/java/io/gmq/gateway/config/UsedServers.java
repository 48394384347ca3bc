package io.gmq.gateway.config;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

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

    public UsedServers(MessageBus bus, GatewayConfig config) {
        this.bus = bus;
        this.mqtt = config.mqtt();
    }

    /** A running module asked for this datasource ("" = the default one). */
    public boolean dataSource(String name) {
        return bus.modules().stream().anyMatch(m -> m.dataSourcesInUse().contains(name));
    }

    /** A running mqtt-bridge module connects to the broker of {@code gmq.gateway.mqtt} (no host, port or aliyun of its own). */
    public boolean defaultBroker() {
        return bus.modules().stream().filter(m -> m.state() == ModuleState.RUNNING).map(ModuleRuntime::declaration)
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
