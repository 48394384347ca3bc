package io.gmq.gateway.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.agroal.api.AgroalDataSource;
import io.gmq.common.health.DependencyProbe;
import io.gmq.common.health.HealthConfig;
import io.gmq.common.health.JdbcProbe;
import io.gmq.common.health.MqttProbe;
import io.gmq.gateway.modules.mqtt.BrokerContacts;
import io.quarkus.agroal.DataSource;
import io.vertx.core.Vertx;

/**
 * The servers the gateway may need to be ready, each probed only while a running module uses it: the MQTT broker of
 * {@code gmq.gateway.mqtt} (the MQTT edge or an mqtt-bridge module on it; a packet from it on a live session within the
 * probe timeout counts as its answer) and the PostgreSQL and MariaDB datasources (a module asked for one). The embedded H2
 * datasource is in-process and has nothing to wait for.
 */
public class ServerProbes {

    @Produces
    @Singleton
    DependencyProbe mqtt(Vertx vertx, GatewayConfig config, UsedServers used, BrokerContacts contacts,
            HealthConfig health) {
        GatewayConfig.Mqtt mqtt = config.mqtt();
        DependencyProbe fresh = new MqttProbe(vertx, mqtt.host(), mqtt.port(), mqtt.username().orElse(null),
                mqtt.password().orElse(null));
        return new ProbeWhenUsed(fresh, used::defaultBroker,
                () -> contacts.heardWithin(mqtt.host(), mqtt.port(), health.timeout()));
    }

    @Produces
    @Singleton
    DependencyProbe postgres(AgroalDataSource dataSource, @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
            UsedServers used) {
        return new ProbeWhenUsed(new JdbcProbe(dataSource, "PostgreSQL", url), () -> used.dataSource(""));
    }

    @Produces
    @Singleton
    DependencyProbe mariadb(@DataSource("mariadb") AgroalDataSource dataSource,
            @ConfigProperty(name = "quarkus.datasource.mariadb.jdbc.url") String url, UsedServers used) {
        return new ProbeWhenUsed(new JdbcProbe(dataSource, "MariaDB", url), () -> used.dataSource("mariadb"));
    }
}
