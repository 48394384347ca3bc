package io.gmq.common.health;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

import io.smallrye.mutiny.Uni;

/**
 * Kafka answers a cluster description (the broker is up and has a controller), through one long-lived admin client
 * built from the service's Kafka configuration (so TLS/SASL settings apply).
 */
public final class KafkaProbe implements DependencyProbe, AutoCloseable {

    private final Map<String, Object> config;
    private final String address;
    private final int timeoutMs;
    private Admin admin;

    public KafkaProbe(Map<String, Object> kafkaConfig, int timeoutMs) {
        this.config = new HashMap<>(kafkaConfig);
        this.timeoutMs = timeoutMs;
        this.address = String.valueOf(kafkaConfig.getOrDefault(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, ""));
        config.keySet().retainAll(AdminClientConfig.configNames());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "gmq-readiness");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
    }

    @Override
    public String name() {
        return "Kafka";
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public Uni<Void> check() {
        return Uni.createFrom().deferred(() -> Uni.createFrom()
                .completionStage(admin().describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs)).controller()
                        .toCompletionStage()))
                .onItem().ifNull().failWith(() -> new IllegalStateException("no active controller"))
                .replaceWithVoid();
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(config);
        }
        return admin;
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(2));
            admin = null;
        }
    }
}
