package io.gmq.servers.stack;

import java.util.List;

import io.gmq.servers.ServerKind;

/**
 * The four GMQ services as the local stack runs them: module directory, default HTTP port (gRPC shares it), the
 * management port (health, metrics, OpenAPI: the HTTP port plus 1000, as each application.yaml defaults it) and the
 * servers each one needs.
 */
public enum Service {
    GATEWAY("gmq-gateway", 8080, List.of(ServerKind.MQTT, ServerKind.POSTGRESQL, ServerKind.MARIADB)),
    COMET("im-comet", 8081, List.of()),
    LOGIC("im-logic", 8082, List.of(ServerKind.KAFKA, ServerKind.REDIS, ServerKind.POSTGRESQL)),
    PUSH("im-push", 8083, List.of(ServerKind.KAFKA, ServerKind.REDIS, ServerKind.MONGODB));

    private final String module;
    private final int port;
    private final List<ServerKind> servers;

    Service(String module, int port, List<ServerKind> servers) {
        this.module = module;
        this.port = port;
        this.servers = servers;
    }

    public String module() {
        return module;
    }

    /** The HTTP port: environment variable {@code <MODULE>_HTTP_PORT} (e.g. IM_LOGIC_HTTP_PORT) or the default. */
    public int port() {
        String configured = System.getenv(module.toUpperCase().replace('-', '_') + "_HTTP_PORT");
        return configured == null || configured.isBlank() ? port : Integer.parseInt(configured);
    }

    /**
     * The management interface's port: {@code <MODULE>_MANAGEMENT_PORT} (e.g. IM_LOGIC_MANAGEMENT_PORT) or the HTTP
     * port plus 1000.
     */
    public int managementPort() {
        String configured = System.getenv(module.toUpperCase().replace('-', '_') + "_MANAGEMENT_PORT");
        return configured == null || configured.isBlank() ? port() + 1000 : Integer.parseInt(configured);
    }

    public List<ServerKind> servers() {
        return servers;
    }
}
