package io.gmq.deploy;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What one service's configuration reads, from its application.yaml: the environment variables it names, every
 * configuration key (which Quarkus also takes from the environment in its upper-case form), its HTTP port, its
 * management port (health, metrics, OpenAPI) and its application name. Ports and health paths of a manifest are
 * checked against this.
 */
record AppConfig(String module, String name, int httpPort, int managementPort, boolean managementEnabled,
        Set<String> envVars, Set<String> keys) {

    /** Read by the JVM itself, not by the application's configuration. */
    static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS");

    /** SmallRye Health's endpoints under Quarkus' default non-application root. */
    static final Set<String> HEALTH_PATHS = Set.of("/q/health/live", "/q/health/ready", "/q/health/started");

    static AppConfig read(Repo repo, String module) {
        String file = module + "/src/main/resources/application.yaml";
        String text = repo.read(file);
        JsonNode yaml = repo.yaml(file);
        Set<String> keys = new TreeSet<>();
        flatten("", yaml, keys);
        Set<String> env = new TreeSet<>(Repo.all(text, "\\$\\{([A-Z_][A-Z0-9_]*)[:}]"));
        String port = yaml.at("/quarkus/http/port").asText();
        String name = yaml.at("/quarkus/application/name").asText();
        String management = yaml.at("/quarkus/management/port").asText("9000");
        return new AppConfig(module, name, Integer.parseInt(defaultOf(port)), Integer.parseInt(defaultOf(management)),
                yaml.at("/quarkus/management/enabled").asBoolean(false), env, keys);
    }

    /**
     * Whether setting this environment variable changes something in the application. Quarkus hands every property
     * starting with "kafka" to its Kafka clients, lower-cased with '_' as '.' (KafkaRuntimeConfigProducer), so an
     * application with Kafka reads every KAFKA_* variable.
     */
    boolean reads(String variable) {
        return envVars.contains(variable) || JVM_VARIABLES.contains(variable)
                || keys.stream().anyMatch(key -> envForm(key).equals(variable))
                || (usesKafka() && variable.startsWith("KAFKA_"));
    }

    boolean usesKafka() {
        return keys.contains("kafka.bootstrap.servers");
    }

    /** The management port when the environment sets these variables. */
    int managementPort(Map<String, String> environment) {
        String port = environment.get("MANAGEMENT_PORT");
        return port == null ? managementPort : Integer.parseInt(port);
    }

    /** The port it listens on when the environment sets these variables. */
    int port(Map<String, String> environment) {
        String port = environment.get("HTTP_PORT");
        return port == null ? httpPort : Integer.parseInt(port);
    }

    static String envForm(String key) {
        return key.toUpperCase().replaceAll("[^A-Z0-9]", "_");
    }

    /** "${VAR:8080}" → "8080"; a plain value stays as it is. */
    static String defaultOf(String value) {
        if (value.startsWith("${") && value.endsWith("}")) {
            int colon = value.indexOf(':');
            return colon < 0 ? "" : value.substring(colon + 1, value.length() - 1);
        }
        return value;
    }

    private static void flatten(String prefix, JsonNode node, Set<String> keys) {
        if (!node.isObject()) {
            keys.add(prefix);
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            // A profile section ("%test") configures the same keys as the top level.
            String key = name.startsWith("%") ? prefix : prefix.isEmpty() ? name : prefix + "." + name;
            flatten(key, field.getValue(), keys);
        }
    }
}
