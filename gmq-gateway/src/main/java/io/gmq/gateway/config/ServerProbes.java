package io.gmq.gateway.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.agroal.api.AgroalDataSource;
import io.gmq.common.health.DependencyProbe;
import io.gmq.common.health.JdbcProbe;
import io.gmq.common.health.MqttProbe;
import io.quarkus.agroal.DataSource;
import io.vertx.core.Vertx;

/**
 * The servers the gateway needs to be ready: the MQTT broker and the PostgreSQL and MariaDB datasources (the embedded
 * H2 datasource is in-process and has nothing to wait for).
 */
public class ServerProbes {

    @Produces
    @Singleton
    DependencyProbe mqtt(Vertx vertx, GatewayConfig config) {
        GatewayConfig.Mqtt mqtt = config.mqtt();
        return new MqttProbe(vertx, mqtt.host(), mqtt.port(), mqtt.username().orElse(null), mqtt.password().orElse(null));
    }

    @Produces
    @Singleton
    DependencyProbe postgres(AgroalDataSource dataSource, @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url) {
        return new JdbcProbe(dataSource, "PostgreSQL", url);
    }

    @Produces
    @Singleton
    DependencyProbe mariadb(@DataSource("mariadb") AgroalDataSource dataSource,
            @ConfigProperty(name = "quarkus.datasource.mariadb.jdbc.url") String url) {
        return new JdbcProbe(dataSource, "MariaDB", url);
    }
}
