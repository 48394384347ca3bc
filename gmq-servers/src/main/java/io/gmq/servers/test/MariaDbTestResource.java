package io.gmq.servers.test;

import io.gmq.servers.ServerKind;

/**
 * The real MariaDb server for a {@code @QuarkusTest}; see {@link ServerTestResource}.
 */
public class MariaDbTestResource extends ServerTestResource {

    public MariaDbTestResource() {
        super(ServerKind.MARIADB);
    }
}
