package io.gmq.servers.test;

import java.util.Map;

import io.gmq.servers.Endpoint;
import io.gmq.servers.ManagedServer;
import io.gmq.servers.Ports;
import io.gmq.servers.ServerKind;
import io.gmq.servers.SharedServers;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives a {@code @QuarkusTest} a real server: the one configured by the environment (reused if it listens, else
 * started), or with init arg {@code private=true} a private one on a free port that the test may stop and restart.
 * It answers with the same variables the services read (e.g. REDIS_URL), which application.yaml resolves.
 */
public abstract class ServerTestResource implements QuarkusTestResourceLifecycleManager {

    private final ServerKind kind;
    private boolean privateInstance;
    private ManagedServer server;

    protected ServerTestResource(ServerKind kind) {
        this.kind = kind;
    }

    @Override
    public void init(Map<String, String> initArgs) {
        privateInstance = Boolean.parseBoolean(initArgs.getOrDefault("private", "false"));
    }

    @Override
    public Map<String, String> start() {
        if (privateInstance) {
            Endpoint endpoint = kind.configuredEndpoint().withPort(Ports.freePort());
            server = kind.create(endpoint, System::getenv);
            server.ensure();
        } else {
            server = SharedServers.acquire(kind, kind.configuredEndpoint());
        }
        return kind.clientVariables(server.endpoint(), System::getenv);
    }

    @Override
    public void stop() {
        if (server == null) {
            return;
        }
        if (privateInstance) {
            server.stop();
        } else {
            SharedServers.release(kind, server);
        }
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(server, field -> field.getType().isAssignableFrom(ManagedServer.class)
                && field.isAnnotationPresent(InjectServer.class) && field.getAnnotation(InjectServer.class).value() == kind);
    }
}
