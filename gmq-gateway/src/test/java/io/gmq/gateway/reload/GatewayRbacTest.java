package io.gmq.gateway.reload;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's Role (k8s/base/gateway/rbac.yaml) against the calls its ConfigMap watch really makes, recorded by the
 * fabric8 mock API server: every read it makes is allowed, and the Role allows nothing more. Writes on that server
 * come from the reload test's own client, so only reads (get, list, watch) are attributed to the gateway.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(ModuleConfigMapReloadTest.ConfigMapProfile.class)
class GatewayRbacTest {

    static final Path RBAC = Path.of("../k8s/base/gateway/rbac.yaml");

    @KubernetesTestServer
    KubernetesServer server;

    @Test
    void theRoleAllowsExactlyTheReadsOfTheConfigMapWatch() throws Exception {
        Set<String> calls = new TreeSet<>();
        RecordedRequest request;
        while ((request = server.getKubernetesMockServer().takeRequest(2, TimeUnit.SECONDS)) != null) {
            if ("GET".equals(request.getMethod())) {
                calls.add(read(request.getPath()));
            }
        }
        assertThat(calls).contains("get configmaps/gmq-modules", "list configmaps/gmq-modules",
                "watch configmaps/gmq-modules");
        assertThat(problems(calls, Files.readString(RBAC))).isEmpty();
    }

    @Test
    void aRoleMissingAVerbOrAllowingMoreFails() throws Exception {
        Set<String> calls = Set.of("get configmaps/gmq-modules", "list configmaps/gmq-modules",
                "watch configmaps/gmq-modules");
        String rbac = Files.readString(RBAC);
        assertThat(problems(calls, rbac.replace("[\"get\", \"list\", \"watch\"]", "[\"get\", \"list\"]")))
                .containsExactly("the gateway makes 'watch configmaps/gmq-modules', which the Role does not allow");
        assertThat(
                problems(calls, rbac.replace("[\"get\", \"list\", \"watch\"]", "[\"get\", \"list\", \"watch\", \"update\"]")))
                .containsExactly("the Role allows 'update' on configmaps, which the gateway never does");
        assertThat(problems(calls, rbac.replace("    resourceNames: [\"gmq-modules\"]\n", "")))
                .containsExactly("the Role must name the watched ConfigMap (resourceNames), not all ConfigMaps");
    }

    /** "GET /api/v1/namespaces/edge/configmaps?fieldSelector=metadata.name%3Dx&watch=true" → "watch configmaps/x". */
    static String read(String path) {
        String decoded = URLDecoder.decode(path, StandardCharsets.UTF_8);
        String resourcePath = decoded.replaceAll("\\?.*", "");
        String[] parts = resourcePath.split("/");
        int index = List.of(parts).indexOf("configmaps");
        if (index < 0) {
            return "get " + resourcePath;
        }
        if (index + 1 < parts.length) {
            return "get configmaps/" + parts[index + 1];
        }
        String name = decoded.replaceAll(".*metadata\\.name=([^&,]+).*", "$1");
        return (decoded.contains("watch=true") ? "watch" : "list") + " configmaps/" + (name.equals(decoded) ? "*" : name);
    }

    /** What is wrong with the RBAC file given the calls the gateway makes ("verb resource/name"). */
    static List<String> problems(Set<String> calls, String rbacYaml) {
        KubernetesSerialization serialization = new KubernetesSerialization();
        List<Role> roles = new ArrayList<>();
        List<RoleBinding> bindings = new ArrayList<>();
        for (String document : rbacYaml.split("(?m)^---\\s*$")) {
            Object resource = serialization.unmarshal(document);
            if (resource instanceof Role role) {
                roles.add(role);
            } else if (resource instanceof RoleBinding binding) {
                bindings.add(binding);
            }
        }
        List<String> problems = new ArrayList<>();
        Role role = roles.getFirst();
        List<PolicyRule> rules = role.getRules();
        for (String call : calls) {
            String verb = call.substring(0, call.indexOf(' '));
            String resource = call.substring(call.indexOf(' ') + 1, call.indexOf('/'));
            String name = call.substring(call.indexOf('/') + 1);
            boolean allowed = rules.stream().anyMatch(r -> r.getVerbs().contains(verb) && r.getResources().contains(resource)
                    && (r.getResourceNames().isEmpty() || r.getResourceNames().contains(name)));
            if (!allowed) {
                problems.add("the gateway makes '" + call + "', which the Role does not allow");
            }
        }
        for (PolicyRule rule : rules) {
            if (rule.getResourceNames().isEmpty()) {
                problems.add("the Role must name the watched ConfigMap (resourceNames), not all ConfigMaps");
            }
            for (String verb : rule.getVerbs()) {
                if (calls.stream().noneMatch(c -> c.startsWith(verb + " "))) {
                    problems.add("the Role allows '" + verb + "' on " + String.join(",", rule.getResources())
                            + ", which the gateway never does");
                }
            }
        }
        boolean bound = bindings.stream().anyMatch(b -> b.getRoleRef().getName().equals(role.getMetadata().getName())
                && b.getSubjects().stream().anyMatch(s -> "ServiceAccount".equals(s.getKind())
                        && "gmq-gateway".equals(s.getName())));
        if (!bound) {
            problems.add("no RoleBinding gives the Role to the ServiceAccount gmq-gateway");
        }
        return problems;
    }
}
