package io.gmq.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * Server credentials in a rendered overlay: every variable that carries one comes from a Secret (never a literal or a
 * ConfigMap), and a GMQ container that is given a server's address is also given that server's credentials, under
 * the names its application reads.
 */
final class CredentialCheck {

    /** Variables whose value is a secret (the Redis and MongoDB URLs carry their passwords). */
    static final Set<String> SECRET_VARIABLES = Set.of("POSTGRES_PASSWORD", "MARIADB_PASSWORD", "MQTT_USERNAME",
            "MQTT_PASSWORD", "REDIS_URL", "MONGODB_URL", "KAFKA_SASL_JAAS_CONFIG", "EMBEDDED_DB_PASSWORD",
            "IM_INTERNAL_SECRET", "IM_JWT_SECRET", "IM_ADMIN_PASSWORD", "GMQ_ADMIN_PASSWORD", "GMQ_PUBLISHER_PASSWORD");

    /** A server's address variable, and the credential variables that must come with it. */
    static final Map<String, List<String>> CREDENTIALS_OF = Map.of("POSTGRES_URL", List.of("POSTGRES_PASSWORD"),
            "MARIADB_URL", List.of("MARIADB_PASSWORD"), "MQTT_HOST", List.of("MQTT_USERNAME", "MQTT_PASSWORD"),
            "KAFKA_BOOTSTRAP_SERVERS", List.of("KAFKA_SASL_JAAS_CONFIG"), "EMBEDDED_DB_URL",
            List.of("EMBEDDED_DB_PASSWORD"));

    private CredentialCheck() {
    }

    static List<String> check(Repo repo, List<HasMetadata> rendered) {
        List<String> problems = new ArrayList<>();
        for (HasMetadata resource : rendered) {
            if (!(resource instanceof Deployment deployment)) {
                continue;
            }
            for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
                String image = container.getImage();
                AppConfig app = image.startsWith(repo.imageGroup() + "/")
                        ? repo.appNamed(image.substring(image.indexOf('/') + 1).replaceAll(":.*", ""))
                        : null;
                if (app != null) {
                    container(app, "Deployment/" + deployment.getMetadata().getName() + " container "
                            + container.getName(), container, problems);
                }
            }
        }
        return problems;
    }

    private static void container(AppConfig app, String where, Container container, List<String> problems) {
        Set<String> set = new java.util.HashSet<>();
        for (EnvVar env : container.getEnv()) {
            // An in-process H2 (the JVM gateway's embedded datasource) has no server and no credentials.
            if (env.getValue() == null || !env.getValue().startsWith("jdbc:h2:")) {
                set.add(env.getName());
            }
            boolean fromSecret = env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null;
            if (SECRET_VARIABLES.contains(env.getName()) && !fromSecret) {
                problems.add(where + ": " + env.getName() + " carries a credential: take it from a Secret");
            }
        }
        CREDENTIALS_OF.forEach((address, credentials) -> {
            if (set.contains(address)) {
                credentials.stream().filter(app::reads).filter(c -> !set.contains(c))
                        .forEach(c -> problems.add(where + ": has " + address + " but not " + c + " (from a Secret), "
                                + "which " + app.module() + " reads for that server"));
            }
        });
    }
}
