package io.gmq.im.push.config;

import java.util.Map;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.gmq.common.health.DependencyProbe;
import io.gmq.common.health.HealthConfig;
import io.gmq.common.health.KafkaProbe;
import io.gmq.common.health.MongoProbe;
import io.gmq.common.health.RedisProbe;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.common.annotation.Identifier;

/**
 * The servers im-push needs to be ready: Kafka (consume), Redis (room history, routes), MongoDB (personal messages).
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
    DependencyProbe mongo(ReactiveMongoClient mongo,
            @ConfigProperty(name = "quarkus.mongodb.connection-string") String connectionString) {
        return new MongoProbe(mongo, connectionString);
    }
}
