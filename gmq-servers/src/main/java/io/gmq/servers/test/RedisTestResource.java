package io.gmq.servers.test;

import io.gmq.servers.ServerKind;

/**
 * The real Redis server for a {@code @QuarkusTest}; see {@link ServerTestResource}.
 */
public class RedisTestResource extends ServerTestResource {

    public RedisTestResource() {
        super(ServerKind.REDIS);
    }
}
