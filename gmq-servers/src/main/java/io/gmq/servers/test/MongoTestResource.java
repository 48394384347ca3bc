package io.gmq.servers.test;

import io.gmq.servers.ServerKind;

/**
 * The real Mongo server for a {@code @QuarkusTest}; see {@link ServerTestResource}.
 */
public class MongoTestResource extends ServerTestResource {

    public MongoTestResource() {
        super(ServerKind.MONGODB);
    }
}
