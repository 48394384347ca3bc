package io.gmq.common.health;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;

/**
 * Redis answers PING.
 */
public final class RedisProbe implements DependencyProbe {

    private final ReactiveRedisDataSource redis;
    private final String address;

    public RedisProbe(ReactiveRedisDataSource redis, String configuredHosts) {
        this.redis = redis;
        this.address = DependencyProbe.redact(configuredHosts);
    }

    @Override
    public String name() {
        return "Redis";
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public Uni<Void> check() {
        return redis.execute("PING").replaceWithVoid();
    }
}
