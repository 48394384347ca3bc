package io.gmq.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.HasMetadata;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * k8s/: every manifest parses into fabric8's model, every overlay renders offline with kubectl kustomize, and what
 * each renders is wired to the services' real configuration. Each check is also shown failing on a copy broken on
 * purpose.
 */
class KubernetesManifestsTest {

    static final List<String> OVERLAYS = List.of("dev", "prod", "prod-native");

    @Test
    void theRealManifestsPassEveryCheck(@TempDir Path copy) throws Exception {
        List<HasMetadata> parsed = new ArrayList<>();
        assertThat(KubernetesCheck.parseAll(Repo.real(), parsed)).isEmpty();
        assertThat(parsed).extracting(HasMetadata::getKind).contains("Deployment", "Service", "ConfigMap",
                "ServiceAccount", "Role", "RoleBinding", "HorizontalPodAutoscaler", "PodDisruptionBudget",
                "StatefulSet", "PersistentVolumeClaim", "Namespace");
        assertThat(problems(Repo.real().copyTo(copy))).isEmpty();
    }

    @Test
    void aMisspelledFieldFails(@TempDir Path copy) throws Exception {
        Repo broken = Repo.real().copyTo(copy);
        broken.replace("k8s/base/im-logic/deployment.yaml", "readinessProbe:", "readynessProbe:");
        assertThat(problems(broken)).anyMatch(p -> p.contains("unknown field 'readynessProbe'"));
    }

    @Test
    void anUnknownApiVersionFails(@TempDir Path copy) throws Exception {
        Repo broken = Repo.real().copyTo(copy);
        broken.replace("k8s/base/autoscaling.yaml", "apiVersion: autoscaling/v2", "apiVersion: autoscaling/v9");
        assertThat(problems(broken)).anyMatch(p -> p.contains("unknown kind autoscaling/v9/HorizontalPodAutoscaler"));
    }

    @Test
    void aVariableTheAppDoesNotReadFails(@TempDir Path copy) throws Exception {
        Repo broken = Repo.real().copyTo(copy);
        broken.replace("k8s/base/im-push/deployment.yaml", "- name: MONGODB_URL", "- name: MONGO_URL");
        assertThat(problems(broken)).anyMatch(p -> p.contains("sets MONGO_URL, which im-push's configuration"));
    }

    @Test
    void aWrongPortOrHealthPathFails(@TempDir Path copy) throws Exception {
        Repo broken = Repo.real().copyTo(copy);
        broken.replace("k8s/base/im-logic/deployment.yaml", "containerPort: 8082", "containerPort: 8092");
        broken.replace("k8s/base/im-comet/deployment.yaml", "path: /q/health/ready", "path: /health/ready");
        broken.replace("k8s/base/im-push/deployment.yaml", "{path: /q/health/live, port: management}",
                "{path: /q/health/live, port: http}");
        broken.replace("k8s/base/gateway/service.yaml", "targetPort: http", "targetPort: management");
        assertThat(problems(broken)).anyMatch(p -> p.contains("port 'http' must be 8082"))
                .anyMatch(p -> p.contains("readinessProbe: path /health/ready"))
                .anyMatch(p -> p.contains("im-push livenessProbe: port http is not the application's management port"))
                .anyMatch(p -> p.contains("Service/gateway: exposes the management port"));
    }

    @Test
    void aReadinessProbeThatGivesUpBeforeTheServiceCanAnswerFails(@TempDir Path copy) throws Exception {
        Repo broken = Repo.real().copyTo(copy);
        broken.replace("k8s/base/gateway/deployment.yaml", "            timeoutSeconds: 5\n", "");
        broken.replace("k8s/base/im-logic/deployment.yaml", "          env:\n",
                "          env:\n            - {name: HEALTH_PROBE_TIMEOUT, value: 6s}\n");
        assertThat(problems(broken)).anyMatch(p -> p.contains("gateway readinessProbe: timeoutSeconds 1 must exceed"))
                .anyMatch(p -> p.contains("im-logic readinessProbe: timeoutSeconds 5 must exceed the service's own"
                        + " probe timeout (HEALTH_PROBE_TIMEOUT, 6 s)"));
    }

    @Test
    void aPodThatIsNotRestrictedFails(@TempDir Path copy) throws Exception {
        Repo broken = Repo.real().copyTo(copy);
        broken.replace("k8s/base/im-logic/deployment.yaml", "            allowPrivilegeEscalation: false\n", "");
        broken.replace("k8s/overlays/dev/servers/kafka.yaml", "        seccompProfile: {type: RuntimeDefault}\n", "");
        broken.replace("k8s/overlays/dev/servers/redis.yaml", "        runAsNonRoot: true\n", "");
        assertThat(problems(broken)).anyMatch(p -> p.contains("Deployment/im-logic container im-logic: needs "
                + "securityContext.allowPrivilegeEscalation: false"))
                .anyMatch(p -> p.contains("dev: StatefulSet/kafka container kafka: needs seccompProfile"))
                .anyMatch(p -> p.contains("dev: Deployment/redis container redis: needs runAsNonRoot"));
    }

    @Test
    void replicasUnderAnAutoscalerOrMemoryBelowHeapAndMeasuredRssFail(@TempDir Path copy) throws Exception {
        Repo broken = Repo.real().copyTo(copy);
        broken.replace("k8s/base/im-comet/deployment.yaml", "  # No replicas:", "  replicas: 2\n  # No replicas:");
        broken.replace("k8s/base/im-logic/deployment.yaml", "MaxRAMPercentage=", "MaxRAMPercentage=9");
        assertThat(problems(broken)).anyMatch(p -> p.contains("Deployment/im-comet sets spec.replicas"))
                .anyMatch(p -> p.contains("Deployment/im-logic container im-logic: memory limit"));
    }

    @Test
    void aJvmThatDoesNotExitWhenOutOfMemoryFails(@TempDir Path copy) throws Exception {
        Repo broken = Repo.real().copyTo(copy);
        broken.replace("k8s/base/gateway/deployment.yaml", " -XX:+ExitOnOutOfMemoryError", "");
        broken.replace("docker-compose.yml", "JAVA_TOOL_OPTIONS: -XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError",
                "JAVA_TOOL_OPTIONS: -XX:MaxRAMPercentage=60");
        assertThat(problems(broken)).anyMatch(p -> p.contains("Deployment/gateway container gateway: JAVA_TOOL_OPTIONS"
                + " needs -XX:+ExitOnOutOfMemoryError"));
        assertThat(ComposeCheck.check(broken)).anyMatch(p -> p.contains("im-comet")
                && p.contains("needs -XX:+ExitOnOutOfMemoryError"));
    }

    @Test
    void kafkaOffItsVolumeEnvoyWorkersOrDevRequestsTooBigFail(@TempDir Path copy) throws Exception {
        Repo broken = Repo.real().copyTo(copy);
        broken.replace("k8s/overlays/dev/servers/kafka.yaml", "value: /var/lib/kafka/data/kraft", "value: /tmp/kraft");
        broken.replace("k8s/overlays/dev/servers/kafka.yaml", "value: -Xms512m -Xmx512m", "value: -Xmx1g");
        broken.replace("k8s/base/envoy/deployment.yaml", "\"--concurrency\", \"1\"", "\"--concurrency\", \"2\"");
        broken.replace("k8s/overlays/dev/kustomization.yaml", "value: 100m", "value: 400m");
        assertThat(problems(broken)).anyMatch(p -> p.contains("KAFKA_LOG_DIRS must be on the data volume"))
                .anyMatch(p -> p.contains("Kafka's heap (1024 MiB"))
                .anyMatch(p -> p.contains("--concurrency must match the CPU limit"))
                .anyMatch(p -> p.contains("the dev overlay requests"));
    }

    @Test
    void aCredentialOutsideASecretOrMissingFails(@TempDir Path copy) throws Exception {
        Repo broken = Repo.real().copyTo(copy);
        broken.replace("k8s/base/gateway/deployment.yaml", """
                            - name: MQTT_USERNAME
                              valueFrom:
                                secretKeyRef: {name: gmq-secrets, key: mqtt-username, optional: true}
                """, "");
        broken.replace("k8s/base/im-logic/deployment.yaml", """
                            - name: REDIS_URL
                              valueFrom:
                                secretKeyRef: {name: gmq-secrets, key: redis-url}
                """, """
                            - name: REDIS_URL
                              value: redis://:secret@redis:6379
                """);
        assertThat(problems(broken)).anyMatch(p -> p.contains("Deployment/gateway container gateway: has MQTT_HOST but "
                + "not MQTT_USERNAME"))
                .anyMatch(p -> p.contains("Deployment/im-logic container im-logic: REDIS_URL carries a credential"));
    }

    @Test
    void aMissingConfigMapKeyOrServiceFails(@TempDir Path copy) throws Exception {
        Repo broken = Repo.real().copyTo(copy);
        broken.replace("k8s/base/im-push/deployment.yaml", "key: mongodb-database", "key: mongodb-db");
        broken.replace("k8s/base/im-comet/deployment.yaml", "value: im-logic", "value: im-logik");
        assertThat(problems(broken)).anyMatch(p -> p.contains("ConfigMap gmq-endpoints key mongodb-db"))
                .anyMatch(p -> p.contains("LOGIC_HOST=im-logik names no Service"));
    }

    @Test
    void anOverlayThatDoesNotRenderFails(@TempDir Path copy) throws Exception {
        Repo broken = Repo.real().copyTo(copy);
        broken.replace("k8s/overlays/dev/kustomization.yaml", "servers/redis.yaml", "servers/rediss.yaml");
        assertThat(problems(broken)).anyMatch(p -> p.contains("kubectl kustomize failed"));
    }

    /** Every problem of a checkout's k8s/: strict parsing of each file, then each overlay rendered and wired. */
    static List<String> problems(Repo repo) throws Exception {
        List<String> problems = KubernetesCheck.parseAll(repo, new ArrayList<>());
        Set<String> secretKeys = devSecretKeys(repo);
        for (String overlay : OVERLAYS) {
            String rendered = KubernetesCheck.render(repo.path("k8s/overlays/" + overlay), problems);
            if (!rendered.isEmpty()) {
                List<HasMetadata> resources = KubernetesCheck.parse(rendered, overlay + " (rendered)", problems);
                WiringCheck.check(repo, resources, secretKeys).forEach(p -> problems.add(overlay + ": " + p));
                PodSecurityCheck.check(resources).forEach(p -> problems.add(overlay + ": " + p));
                ResourceCheck.check(repo, overlay, resources).forEach(p -> problems.add(overlay + ": " + p));
                CredentialCheck.check(repo, resources).forEach(p -> problems.add(overlay + ": " + p));
            }
        }
        return problems;
    }

    /** Runs the dev overlay's generate-secrets.sh (as a user would) and returns the keys it wrote. */
    static Set<String> devSecretKeys(Repo repo) throws Exception {
        Path dev = repo.path("k8s/overlays/dev");
        Process process = new ProcessBuilder("bash", dev.resolve("generate-secrets.sh").toString())
                .redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("generate-secrets.sh failed");
        }
        Set<String> keys = new TreeSet<>();
        repo.read("k8s/overlays/dev/secrets.env").lines().filter(l -> l.contains("="))
                .forEach(l -> keys.add(l.substring(0, l.indexOf('='))));
        return keys;
    }
}
