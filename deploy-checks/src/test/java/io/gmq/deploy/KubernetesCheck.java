package io.gmq.deploy;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Kubernetes manifests as the API server would read them: every document parses into a fabric8 model object (an
 * unknown kind, apiVersion or field is a problem, not silently kept), and each overlay renders with
 * {@code kubectl kustomize}.
 */
final class KubernetesCheck {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private KubernetesCheck() {
    }

    /** Parses every manifest file under k8s/ (kustomizations and non-manifests excepted); problems are collected. */
    static List<String> parseAll(Repo repo, List<HasMetadata> into) throws IOException {
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.walk(repo.path("k8s"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.equals("kustomization.yaml") || name.equals("envoy.yaml")) {
                    continue;
                }
                into.addAll(parse(Files.readString(file), repo.root().relativize(file).toString(), problems));
            }
        }
        return problems;
    }

    /** Parses a multi-document YAML strictly. */
    static List<HasMetadata> parse(String yaml, String source, List<String> problems) {
        List<HasMetadata> resources = new ArrayList<>();
        int index = 0;
        for (String document : yaml.split("(?m)^---\\s*$")) {
            index++;
            if (document.lines().allMatch(line -> line.isBlank() || line.stripLeading().startsWith("#"))) {
                continue;
            }
            String where = source + " document " + index;
            Object parsed;
            try {
                parsed = SERIALIZATION.unmarshal(document);
            } catch (RuntimeException e) {
                problems.add(where + ": does not parse: " + e.getMessage());
                continue;
            }
            if (parsed instanceof GenericKubernetesResource generic) {
                problems.add(where + ": unknown kind " + generic.getApiVersion() + "/" + generic.getKind());
                continue;
            }
            if (!(parsed instanceof HasMetadata resource)) {
                problems.add(where + ": not a Kubernetes resource");
                continue;
            }
            where = source + " " + resource.getKind() + "/" + resource.getMetadata().getName();
            unknownFields(resource, where, problems);
            resources.add(resource);
        }
        return resources;
    }

    /** Renders a kustomization directory with kubectl kustomize: the YAML, or a problem. */
    static String render(Path kustomization, List<String> problems) throws IOException, InterruptedException {
        Path out = Files.createTempFile("kustomize", ".yaml");
        Path err = Files.createTempFile("kustomize", ".err");
        Process process;
        try {
            process = new ProcessBuilder("kubectl", "kustomize", kustomization.toString())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("kubectl is needed to render the overlays (kubectl kustomize): install "
                    + "kubectl 1.27 or newer", e);
        }
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            problems.add(kustomization + ": kubectl kustomize did not finish");
            return "";
        }
        if (process.exitValue() != 0) {
            problems.add(kustomization + ": kubectl kustomize failed: "
                    + Files.readString(err, StandardCharsets.UTF_8).strip());
            return "";
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    /**
     * fabric8 keeps fields its model does not know in additionalProperties: anything there is a misspelled or
     * misplaced field. Strategic-merge directives ($patch) are kustomize's and allowed.
     */
    private static void unknownFields(Object node, String path, List<String> problems) {
        if (node == null) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", problems);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> unknownFields(value, path + "." + key, problems));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            String name = getter.getName();
            if (getter.getParameterCount() != 0 || !name.startsWith("get") || name.equals("getClass")) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (name.equals("getAdditionalProperties")) {
                ((Map<?, ?>) value).keySet().stream().map(String::valueOf).filter(key -> !key.startsWith("$patch"))
                        .forEach(key -> problems.add(path + ": unknown field '" + key + "'"));
            } else {
                unknownFields(value, path + "." + Character.toLowerCase(name.charAt(3)) + name.substring(4), problems);
            }
        }
    }
}
