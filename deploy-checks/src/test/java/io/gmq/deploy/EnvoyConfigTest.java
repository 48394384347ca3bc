package io.gmq.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;

import static org.assertj.core.api.Assertions.assertThat;

/** envoy.yaml parsed as Envoy's v3 Bootstrap and checked against proto/, docker-compose and k8s/; broken copies. */
class EnvoyConfigTest {

    @Test
    void theRealConfigurationPasses() throws Exception {
        Repo repo = Repo.real();
        assertThat(problems(repo)).isEmpty();
        assertThat(EnvoyCheck.parse(repo).getStaticResources().getClustersList()).hasSize(5);
        // docker-compose mounts the root file and the k8s base generates its ConfigMap from the same one.
        assertThat(repo.path("envoy.yaml").toRealPath()).isEqualTo(repo.path("k8s/base/envoy/envoy.yaml").toRealPath());
        assertThat(Files.isSymbolicLink(repo.path("envoy.yaml"))).isTrue();
    }

    @Test
    void aMisspelledFieldFails(@TempDir Path copy) {
        Repo broken = broken(copy, "retry_on: unavailable\n", "retry_onn: unavailable\n");
        assertThat(problems(broken)).anyMatch(p -> p.startsWith("envoy.yaml: envoy.yaml is not a valid v3 Bootstrap")
                && p.contains("retry_onn"));
    }

    @Test
    void anUnknownTypeFails(@TempDir Path copy) {
        Repo broken = broken(copy, "filters.http.router.v3.Router", "filters.http.router.v3.Routr");
        assertThat(problems(broken)).anyMatch(p -> p.startsWith("envoy.yaml: envoy.yaml is not a valid v3 Bootstrap")
                && p.contains("Routr"));
    }

    @Test
    void aRouteToAMissingClusterFails(@TempDir Path copy) {
        Repo broken = broken(copy, "cluster: im_comet\n", "cluster: im_comets\n");
        assertThat(problems(broken)).anyMatch(p -> p.contains("names cluster im_comets, which is not defined"));
    }

    @Test
    void aClusterOnAPortNoServiceHasFails(@TempDir Path copy) {
        Repo broken = broken(copy, "{address: im-comet, port_value: 8081}", "{address: im-comet, port_value: 8091}");
        assertThat(problems(broken)).anyMatch(p -> p.contains("im-comet:8091, which is no docker-compose"))
                .anyMatch(p -> p.contains("im-comet:8091, which is no Kubernetes"));
    }

    @Test
    void timeoutsRetriesAndInternalApisAreGuarded(@TempDir Path copy) {
        String indent = " ".repeat(28);
        Repo broken = broken(copy, "BusBridge/}\n" + indent.substring(2) + "route:\n" + indent + "cluster: gateway_grpc\n"
                + indent + "timeout: 0s",
                "BusBridge/}\n" + indent.substring(2) + "route:\n" + indent
                        + "cluster: gateway_grpc\n" + indent + "timeout: 30s");
        broken.replace("k8s/base/envoy/envoy.yaml", "CommentService/}\n" + indent.substring(2) + "route:\n" + indent
                + "cluster: gateway_grpc\n" + indent + "timeout: 15s",
                "CommentService/}\n" + indent.substring(2)
                        + "route:\n" + indent + "cluster: gateway_grpc\n" + indent + "timeout: 15s\n" + indent
                        + "retry_policy: {retry_on: unavailable, num_retries: 2}");
        broken.replace("k8s/base/envoy/envoy.yaml", "match: {prefix: /api/v1/publish}",
                "match: {prefix: /gmq.im.logic.v1.Logic/}");
        assertThat(problems(broken)).anyMatch(p -> p.contains("route bus-stream carries a stream"))
                .anyMatch(p -> p.contains("route comments retries calls that are not idempotent"))
                .anyMatch(p -> p.contains("exposes the internal API gmq.im.logic.v1.Logic"));
    }

    @Test
    void theProdCopyIsGeneratedWithTlsAndTheOverlaysOrigins() throws Exception {
        Repo repo = Repo.real();
        assertThat(repo.read(PROD)).isEqualTo(generated(repo, "--tls", prodOrigins(repo)));
        var listener = EnvoyCheck.parse(repo, PROD).getStaticResources().getListeners(0);
        assertThat(listener.getAddress().getSocketAddress().getPortValue()).isEqualTo(8443);
        assertThat(listener.getFilterChains(0).getTransportSocket().getName()).isEqualTo("envoy.transport_sockets.tls");
        assertThat(repo.read(PROD)).contains("- exact: " + prodOrigins(repo));
    }

    @Test
    void aProdCopyOutOfStepWithTheBaseOrTheOverlaysOriginsFails(@TempDir Path copy) throws Exception {
        Repo broken = broken(copy, "per_try_timeout: 5s", "per_try_timeout: 4s");
        assertThat(broken.read(PROD)).isNotEqualTo(generated(broken, "--tls", prodOrigins(broken)));
        broken.replace("k8s/overlays/prod/endpoints.yaml", "cors-origins: https://chat.example.com",
                "cors-origins: https://im.example.com");
        assertThat(prodOutOfStep(broken)).contains("k8s/envoy-config.sh --tls https://im.example.com");
    }

    @Test
    void pathsNotNormalisedFail(@TempDir Path copy) {
        Repo broken = broken(copy, "normalize_path: true", "normalize_path: false");
        broken.replace("k8s/base/envoy/envoy.yaml", "merge_slashes: true", "merge_slashes: false");
        broken.replace("k8s/base/envoy/envoy.yaml", "path_with_escaped_slashes_action: REJECT_REQUEST",
                "path_with_escaped_slashes_action: KEEP_UNCHANGED");
        assertThat(problems(broken)).anyMatch(p -> p.contains("normalize_path must be true"))
                .anyMatch(p -> p.contains("merge_slashes must be true"))
                .anyMatch(p -> p.contains("path_with_escaped_slashes_action"));
    }

    @Test
    void retryConditionsEnvoyDoesNotKnowOrGrpcRetriesOnCancelledFail(@TempDir Path copy) {
        Repo broken = broken(copy, "retry_on: connect-failure,reset,retriable-status-codes\n",
                "retry_on: connect-failure,reset,503\n");
        String grpcRead = "ListRooms}\n" + " ".repeat(26) + "route:\n" + " ".repeat(28) + "cluster: im_logic_grpc\n"
                + " ".repeat(28) + "timeout: 15s\n" + " ".repeat(28) + "retry_policy:\n" + " ".repeat(30)
                + "retry_on: unavailable";
        broken.replace("k8s/base/envoy/envoy.yaml", grpcRead, grpcRead + ",cancelled");
        assertThat(problems(broken)).anyMatch(p -> p.contains("retry_on 503 is no Envoy retry condition"))
                .anyMatch(p -> p.contains("retriable-status-codes and retriable_status_codes go together"))
                .anyMatch(p -> p.contains("route im-api-read: a gRPC call is retried on unavailable only"));
    }

    @Test
    void oneHostPerServiceOrHealthChecksOnTheTrafficPortFail(@TempDir Path copy) {
        Repo broken = broken(copy, "health_check_config: {port_value: 9081}\n", "\n");
        broken.replace("k8s/base/im-logic/service.yaml", "  clusterIP: None\n", "");
        broken.replace("k8s/base/envoy/envoy.yaml", "                access_log:\n                  - name: "
                + "envoy.access_loggers.stdout\n",
                "                access_log:\n                  - name: "
                        + "envoy.access_loggers.stderr\n");
        assertThat(problems(broken)).anyMatch(p -> p.contains("cluster im_comet: health checks must go to im-comet's "
                + "management port (9081), go to the traffic port"))
                .anyMatch(p -> p.contains("cluster im_logic: im-logic must be a headless Kubernetes Service"))
                .anyMatch(p -> p.contains("access log to stdout"));
    }

    private static final String PROD = "k8s/overlays/prod/envoy.yaml";

    /** What k8s/envoy-config.sh writes for these arguments. */
    static String generated(Repo repo, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", repo.path("k8s/envoy-config.sh").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor()).isZero();
        return out;
    }

    static String prodOrigins(Repo repo) {
        return repo.yaml("k8s/overlays/prod/endpoints.yaml").path("data").path("cors-origins").asText();
    }

    /** A problem when the prod overlay's Envoy configuration is not what the generator writes for it. */
    static String prodOutOfStep(Repo repo) throws Exception {
        String origins = prodOrigins(repo);
        return repo.read(PROD).equals(generated(repo, "--tls", origins)) ? ""
                : PROD + " is out of step with the base or the overlay's cors-origins: regenerate it with "
                        + "k8s/envoy-config.sh --tls " + origins + " > " + PROD;
    }

    private static Repo broken(Path copy, String from, String to) {
        Repo repo = Repo.real().copyTo(copy);
        repo.replace("k8s/base/envoy/envoy.yaml", from, to);
        return repo;
    }

    /** Every problem of the shared envoy.yaml and of the prod overlay's generated copy. */
    static List<String> problems(Repo repo) {
        List<HasMetadata> resources = kubernetes(repo);
        Set<String> headless = new HashSet<>();
        resources.stream().filter(Service.class::isInstance).map(Service.class::cast)
                .filter(s -> "None".equals(s.getSpec().getClusterIP())).forEach(s -> headless.add(s.getMetadata()
                        .getName()));
        List<String> problems = new ArrayList<>();
        for (String file : List.of("envoy.yaml", PROD)) {
            EnvoyCheck.check(repo, file, composePorts(repo, false), kubernetesPorts(resources), headless,
                    composePorts(repo, true).entrySet().stream().collect(java.util.stream.Collectors.toMap(
                            Map.Entry::getKey, e -> e.getValue().iterator().next())))
                    .forEach(p -> problems.add(file + ": " + p));
        }
        try {
            String outOfStep = prodOutOfStep(repo);
            if (!outOfStep.isEmpty()) {
                problems.add(outOfStep);
            }
        } catch (Exception e) {
            problems.add("k8s/envoy-config.sh failed: " + e);
        }
        return problems;
    }

    /** Each GMQ compose service and the port its application listens on there (or its management port). */
    private static Map<String, Set<Integer>> composePorts(Repo repo, boolean management) {
        Map<String, Set<Integer>> ports = new HashMap<>();
        repo.yaml("docker-compose.yml").path("services").fields().forEachRemaining(service -> {
            String image = service.getValue().path("image").asText();
            AppConfig app = repo.appNamed(image.replaceAll("^[^/]+/", "").replaceAll(":.*", ""));
            if (app != null) {
                Map<String, String> env = new HashMap<>();
                JsonNode environment = service.getValue().path("environment");
                environment.fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
                ports.put(service.getKey(), Set.of(management ? app.managementPort(env) : app.port(env)));
            }
        });
        return ports;
    }

    private static List<HasMetadata> kubernetes(Repo repo) {
        List<HasMetadata> resources = new ArrayList<>();
        try {
            KubernetesCheck.parseAll(repo, resources);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return resources;
    }

    private static Map<String, Set<Integer>> kubernetesPorts(List<HasMetadata> resources) {
        Map<String, Set<Integer>> ports = new HashMap<>();
        resources.stream().filter(Service.class::isInstance).map(Service.class::cast)
                .forEach(s -> s.getSpec().getPorts().forEach(p -> ports
                        .computeIfAbsent(s.getMetadata().getName(), n -> new HashSet<>()).add(p.getPort())));
        return ports;
    }
}
