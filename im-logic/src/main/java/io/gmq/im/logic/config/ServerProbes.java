package io.gmq.im.logic.config;

import java.util.Map;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.agroal.api.AgroalDataSource;
import io.gmq.common.health.DependencyProbe;
import io.gmq.common.health.HealthConfig;
import io.gmq.common.health.JdbcProbe;
import io.gmq.common.health.KafkaProbe;
import io.gmq.common.health.RedisProbe;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.common.annotation.Identifier;

/**
 * The servers im-logic needs to be ready: Kafka (produce), Redis (sessions, routes, rooms), PostgreSQL (users, groups).
 */
public class ServerProbes {

    @Produces
    @Singleton
    KafkaProbe kafka(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, HealthConfig health) {
        return new KafkaProbe(kafkaConfig, (int) health.timeout().toMillis());
    }

    void closeKafka(@Disposes KafkaProbe probe) {
        probe.close();
    }

    @Produces
    @Singleton
    DependencyProbe redis(@RedisClientName("probe") ReactiveRedisDataSource redis,
            @ConfigProperty(name = "quarkus.redis.hosts") String hosts) {
        return new RedisProbe(redis, hosts);
    }

    @Produces
    @Singleton
    DependencyProbe postgres(AgroalDataSource dataSource, @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url) {
        return new JdbcProbe(dataSource, "PostgreSQL", url);
    }
}
