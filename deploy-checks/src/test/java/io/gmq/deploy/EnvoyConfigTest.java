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
        Repo broken = broken(copy, "retry_on: unavailable,cancelled", "retry_onn: unavailable,cancelled");
        assertThat(problems(broken)).singleElement().asString().contains("not a valid v3 Bootstrap")
                .contains("retry_onn");
    }

    @Test
    void anUnknownTypeFails(@TempDir Path copy) {
        Repo broken = broken(copy, "filters.http.router.v3.Router", "filters.http.router.v3.Routr");
        assertThat(problems(broken)).singleElement().asString().contains("not a valid v3 Bootstrap")
                .contains("Routr");
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

    private static Repo broken(Path copy, String from, String to) {
        Repo repo = Repo.real().copyTo(copy);
        repo.replace("k8s/base/envoy/envoy.yaml", from, to);
        return repo;
    }

    static List<String> problems(Repo repo) {
        return EnvoyCheck.check(repo, composePorts(repo), kubernetesPorts(repo));
    }

    /** Each GMQ compose service and the port its application listens on there. */
    private static Map<String, Set<Integer>> composePorts(Repo repo) {
        Map<String, Set<Integer>> ports = new HashMap<>();
        repo.yaml("docker-compose.yml").path("services").fields().forEachRemaining(service -> {
            String image = service.getValue().path("image").asText();
            AppConfig app = repo.appNamed(image.replaceAll("^[^/]+/", "").replaceAll(":.*", ""));
            if (app != null) {
                Map<String, String> env = new HashMap<>();
                JsonNode environment = service.getValue().path("environment");
                environment.fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
                ports.put(service.getKey(), Set.of(app.port(env)));
            }
        });
        return ports;
    }

    private static Map<String, Set<Integer>> kubernetesPorts(Repo repo) {
        List<HasMetadata> resources = new ArrayList<>();
        try {
            KubernetesCheck.parseAll(repo, resources);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Map<String, Set<Integer>> ports = new HashMap<>();
        resources.stream().filter(Service.class::isInstance).map(Service.class::cast)
                .forEach(s -> s.getSpec().getPorts().forEach(p -> ports
                        .computeIfAbsent(s.getMetadata().getName(), n -> new HashSet<>()).add(p.getPort())));
        return ports;
    }
}
