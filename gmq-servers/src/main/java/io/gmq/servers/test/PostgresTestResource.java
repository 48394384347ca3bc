package io.gmq.servers.test;

import io.gmq.servers.ServerKind;

/**
 * The real Postgres server for a {@code @QuarkusTest}; see {@link ServerTestResource}.
 */
public class PostgresTestResource extends ServerTestResource {

    public PostgresTestResource() {
        super(ServerKind.POSTGRESQL);
    }
}
