package io.gmq.servers.test;

import java.util.HashMap;
import java.util.Locale;
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
 * It answers with the same variables the services read (e.g. REDIS_URL), which application.yaml resolves. With init arg
 * {@code name=edge} a second server of a kind lives beside the usual one: its variables are prefixed
 * ({@code EDGE_MQTT_PORT}) and it is injected only into fields marked {@code @InjectServer(value = MQTT, name = "edge")}.
 */
public abstract class ServerTestResource implements QuarkusTestResourceLifecycleManager {

    private final ServerKind kind;
    private boolean privateInstance;
    private Map<String, String> initArgs = Map.of();
    private String name = "";
    private ManagedServer server;

    protected ServerTestResource(ServerKind kind) {
        this.kind = kind;
    }

    @Override
    public void init(Map<String, String> initArgs) {
        privateInstance = Boolean.parseBoolean(initArgs.getOrDefault("private", "false"));
        this.initArgs = initArgs;
        this.name = initArgs.getOrDefault("name", "");
    }

    /** The manager of a private server; a kind may read its own init args (e.g. Mosquitto's {@code durable}). */
    protected ManagedServer createPrivate(ServerKind kind, Endpoint endpoint, Map<String, String> initArgs) {
        return kind.create(endpoint, System::getenv);
    }

    @Override
    public Map<String, String> start() {
        if (privateInstance) {
            Endpoint endpoint = kind.configuredEndpoint().withPort(Ports.freePort());
            server = createPrivate(kind, endpoint, initArgs);
            server.ensure();
        } else {
            server = SharedServers.acquire(kind, kind.configuredEndpoint());
        }
        Map<String, String> variables = kind.clientVariables(server.endpoint(), System::getenv);
        if (name.isEmpty()) {
            return variables;
        }
        Map<String, String> named = new HashMap<>();
        variables.forEach((key, value) -> named.put(name.toUpperCase(Locale.ROOT) + "_" + key, value));
        return named;
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
                && field.isAnnotationPresent(InjectServer.class) && field.getAnnotation(InjectServer.class).value() == kind
                && field.getAnnotation(InjectServer.class).name().equals(name));
    }
}
