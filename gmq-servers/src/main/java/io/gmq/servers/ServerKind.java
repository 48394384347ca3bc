package io.gmq.servers;

import java.net.URI;
import java.util.Map;
import java.util.function.Function;

/**
 * The servers GMQ uses, each with the environment variables that locate it. The services' application.yaml reads the
 * same variables with the same defaults, so a server already listening where a service looks is the one reused.
 */
public enum ServerKind {
    KAFKA("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092", 9092),
    REDIS("REDIS_URL", "redis://127.0.0.1:6379", 6379),
    MONGODB("MONGODB_URL", "mongodb://127.0.0.1:27017", 27017),
    MQTT("MQTT_HOST", "127.0.0.1", 1883),
    POSTGRESQL("POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/gmq", 5432),
    MARIADB("MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/gmq", 3306);

    private final String variable;
    private final String defaultValue;
    private final int defaultPort;

    ServerKind(String variable, String defaultValue, int defaultPort) {
        this.variable = variable;
        this.defaultValue = defaultValue;
        this.defaultPort = defaultPort;
    }

    /** Where the services look for this server, from the environment (or the default). */
    public Endpoint configuredEndpoint(Function<String, String> env) {
        String value = valueOr(env, variable, defaultValue);
        if (this == MQTT) {
            return new Endpoint(value, Integer.parseInt(valueOr(env, "MQTT_PORT", "1883")));
        }
        return Endpoint.parse(value, defaultPort);
    }

    public Endpoint configuredEndpoint() {
        return configuredEndpoint(System::getenv);
    }

    /** A manager for this kind of server at {@code endpoint}, with credentials from {@code env}. */
    public ManagedServer create(Endpoint endpoint, Function<String, String> env) {
        return switch (this) {
            case KAFKA -> new KafkaServer(endpoint);
            case REDIS -> new RedisServer(endpoint);
            case MONGODB -> new MongoServer(endpoint);
            case MQTT -> new MosquittoServer(endpoint);
            case POSTGRESQL -> new PostgresServer(endpoint, database(env), valueOr(env, "POSTGRES_USER", "postgres"),
                    valueOr(env, "POSTGRES_PASSWORD", ""));
            case MARIADB -> new MariaDbServer(endpoint, database(env), valueOr(env, "MARIADB_USER", "root"),
                    valueOr(env, "MARIADB_PASSWORD", ""));
        };
    }

    /** The variables (same names as the environment) that point a service at a server on {@code endpoint}. */
    public Map<String, String> clientVariables(Endpoint endpoint, Function<String, String> env) {
        return switch (this) {
            case KAFKA -> Map.of(variable, endpoint.toString());
            case REDIS -> Map.of(variable, "redis://" + endpoint);
            case MONGODB -> Map.of(variable, "mongodb://" + endpoint);
            case MQTT -> Map.of(variable, endpoint.host(), "MQTT_PORT", String.valueOf(endpoint.port()));
            case POSTGRESQL -> Map.of(variable, "jdbc:postgresql://" + endpoint + "/" + database(env));
            case MARIADB -> Map.of(variable, "jdbc:mariadb://" + endpoint + "/" + database(env));
        };
    }

    private String database(Function<String, String> env) {
        String path = URI.create(valueOr(env, variable, defaultValue).substring("jdbc:".length())).getPath();
        return path == null || path.length() <= 1 ? "gmq" : path.substring(1);
    }

    private static String valueOr(Function<String, String> env, String name, String fallback) {
        String value = env.apply(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
