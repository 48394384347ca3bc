package io.gmq.deploy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * docker-compose.yml against the services: only top-level keys Compose v2 and docker-compose 1.29 both accept,
 * images named as the Quarkus container-image configuration names them and run as a non-root user, only
 * {@code ${VAR:-default}} / {@code ${VAR:?message}} interpolation, variables the applications read, healthchecks on
 * the applications' management ports and health paths, depends_on waiting for healthy services (or a finished
 * one-shot), a memory limit on every service that holds each JVM's heap and measured non-heap memory, Kafka's log on
 * its volume, the gateway's JWT public key mounted where its configuration points, and every host a value names is
 * a compose service.
 */
final class ComposeCheck {

    private static final Pattern INTERPOLATION = Pattern.compile("(?<!\\$)\\$\\{([^}]*)}");
    private static final Pattern VALID = Pattern.compile("[A-Z_][A-Z0-9_]*(:-[^}]*|:\\?[^}]*)");
    private static final Pattern HOST_PORT = Pattern.compile("(?:^|//|,)([a-z][a-z0-9-]*):(\\d+)");
    private static final Pattern HEALTH_URL = Pattern.compile("http://localhost:(\\d+)(/\\S*?)[\"\\s,\\]]");

    private ComposeCheck() {
    }

    /** The top-level keys docker-compose 1.29 accepts without a version (v2 accepts these too; `name` is v2 only). */
    static final Set<String> TOP_LEVEL = Set.of("version", "services", "networks", "volumes", "configs", "secrets");

    static List<String> check(Repo repo) {
        List<String> problems = new ArrayList<>();
        repo.yaml("docker-compose.yml").fieldNames().forEachRemaining(key -> {
            if (!TOP_LEVEL.contains(key) && !key.startsWith("x-")) {
                problems.add("top-level key " + key + ": docker-compose 1.29 refuses it (set COMPOSE_PROJECT_NAME in "
                        + ".env for the project name)");
            }
        });
        String jibUser = Repo.all(repo.read("pom.xml"), "<quarkus.jib.user>([^<]*)</quarkus.jib.user>").stream()
                .findFirst().orElse("");
        if (jibUser.isBlank() || jibUser.equals("0") || jibUser.startsWith("root")) {
            problems.add("the GMQ images must run as a non-root user: set quarkus.jib.user in pom.xml (is '" + jibUser
                    + "')");
        }
        String text = repo.read("docker-compose.yml");
        Matcher interpolation = INTERPOLATION.matcher(text);
        while (interpolation.find()) {
            if (!VALID.matcher(interpolation.group(1)).matches()) {
                problems.add("${" + interpolation.group(1) + "}: use ${VAR:-default}, or ${VAR:?why} for a secret");
            }
        }
        JsonNode services = repo.yaml("docker-compose.yml").path("services");
        for (Iterator<Map.Entry<String, JsonNode>> it = services.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> service = it.next();
            service(repo, service.getKey(), service.getValue(), services, problems);
        }
        return problems;
    }

    private static void service(Repo repo, String name, JsonNode service, JsonNode services, List<String> problems) {
        String where = "service " + name;
        Map<String, String> env = new HashMap<>();
        service.path("environment").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        env.forEach((variable, value) -> {
            Matcher hostPort = HOST_PORT.matcher(value);
            while (hostPort.find()) {
                if (!hostPort.group(1).equals("localhost") && !services.has(hostPort.group(1))) {
                    problems.add(where + ": " + variable + " names host " + hostPort.group(1)
                            + ", which is no compose service");
                }
            }
            if (variable.endsWith("_HOST") && !variable.equals("HTTP_HOST") && !services.has(value)) {
                problems.add(where + ": " + variable + "=" + value + " is no compose service");
            }
        });
        service.path("depends_on").fields().forEachRemaining(dependency -> {
            String target = dependency.getKey();
            String condition = dependency.getValue().path("condition").asText();
            boolean oneShot = !services.path(target).has("restart") && !services.path(target).has("healthcheck");
            if (oneShot && !"service_completed_successfully".equals(condition)) {
                problems.add(where + ": depends_on the one-shot " + target + " must wait for "
                        + "service_completed_successfully");
            } else if (!oneShot && !"service_healthy".equals(condition)) {
                problems.add(where + ": depends_on " + target + " must wait for condition service_healthy");
            }
            if (!oneShot && !services.path(target).has("healthcheck")) {
                problems.add(where + ": depends_on " + target + ", which has no healthcheck");
            }
        });
        if (!service.has("mem_limit")) {
            problems.add(where + ": needs a memory limit (mem_limit)");
        }
        if (service.path("image").asText().startsWith("apache/kafka")) {
            String logDirs = env.getOrDefault("KAFKA_LOG_DIRS", "");
            boolean onVolume = false;
            for (JsonNode volume : service.path("volumes")) {
                String target = volume.asText().split(":").length > 1 ? volume.asText().split(":")[1] : "";
                onVolume |= !target.isEmpty() && logDirs.startsWith(target);
            }
            if (!onVolume) {
                problems.add(where + ": KAFKA_LOG_DIRS must be on its volume (Kafka writes to /tmp otherwise)");
            }
            if (!env.getOrDefault("KAFKA_HEAP_OPTS", "").contains("-Xmx")) {
                problems.add(where + ": KAFKA_HEAP_OPTS must size Kafka's heap (1 GiB by default) inside mem_limit");
            }
        }
        String image = service.path("image").asText();
        if (image.startsWith(repo.imageGroup() + "/") || image.startsWith("gmq")) {
            gmqService(repo, where, service, image, env, problems);
        }
    }

    private static void gmqService(Repo repo, String where, JsonNode service, String image, Map<String, String> env,
            List<String> problems) {
        Matcher name = Pattern.compile("([^/]+)/([^:]+):\\$\\{GMQ_VERSION:-([^}]+)}").matcher(image);
        if (!name.matches()) {
            problems.add(where + ": image " + image + " must be <group>/<app>:${GMQ_VERSION:-<version>}");
            return;
        }
        AppConfig app = repo.appNamed(name.group(2));
        if (!name.group(1).equals(repo.imageGroup()) || app == null || !name.group(3).equals(repo.version())) {
            problems.add(where + ": image " + image + " is not what the build names it (" + repo.imageGroup()
                    + "/<quarkus.application.name>:" + repo.version() + ")");
            return;
        }
        if (!service.has("restart")) {
            return; // a one-shot on the same image (the data volume's owner), not the service itself
        }
        env.keySet().stream().filter(v -> !app.reads(v)).forEach(v -> problems.add(where + ": sets " + v + ", which "
                + app.module() + "'s configuration does not read"));
        String test = service.path("healthcheck").path("test").toString();
        Matcher url = HEALTH_URL.matcher(test);
        int management = app.managementPort(env);
        if (!url.find()) {
            problems.add(where + ": needs a healthcheck on http://localhost:<management port>/q/health/ready");
        } else if (Integer.parseInt(url.group(1)) != management || !AppConfig.HEALTH_PATHS.contains(url.group(2))) {
            problems.add(where + ": healthcheck " + url.group(1) + url.group(2) + " is not " + app.module()
                    + "'s management port " + management + " and a /q/health path");
        }
        if (service.has("mem_limit") && service.has("healthcheck")) {
            String problem = MemoryBudget.problem(where, app.module(),
                    MemoryBudget.composeMebibytes(service.path("mem_limit").asText()), env.get("JAVA_TOOL_OPTIONS"));
            if (problem != null) {
                problems.add(problem);
            }
        }
        if (app.keys().contains("mp.jwt.verify.issuer") && !app.keys().contains("gmq.im.jwt.secret")) {
            String key = env.get("MP_JWT_VERIFY_PUBLICKEY_LOCATION");
            boolean mounted = key != null && java.util.stream.StreamSupport.stream(service.path("volumes").spliterator(), false)
                    .anyMatch(v -> v.asText().split(":").length > 1 && v.asText().split(":")[1].equals(key));
            if (!mounted) {
                problems.add(where + ": " + app.module() + " verifies RS256 bearer tokens: set "
                        + "MP_JWT_VERIFY_PUBLICKEY_LOCATION and mount the public key there");
            }
        }
    }
}
