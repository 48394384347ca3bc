package io.gmq.deploy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * docker-compose.yml against the services: images named as the Quarkus container-image configuration names them,
 * only {@code ${VAR:-default}} / {@code ${VAR:?message}} interpolation, variables the applications read,
 * healthchecks on the applications' ports and health paths, depends_on waiting for healthy services, and every
 * host a value names is a compose service.
 */
final class ComposeCheck {

    private static final Pattern INTERPOLATION = Pattern.compile("(?<!\\$)\\$\\{([^}]*)}");
    private static final Pattern VALID = Pattern.compile("[A-Z_][A-Z0-9_]*(:-[^}]*|:\\?[^}]*)");
    private static final Pattern HOST_PORT = Pattern.compile("(?:^|//|,)([a-z][a-z0-9-]*):(\\d+)");
    private static final Pattern HEALTH_URL = Pattern.compile("http://localhost:(\\d+)(/\\S*?)[\"\\s,\\]]");

    private ComposeCheck() {
    }

    static List<String> check(Repo repo) {
        List<String> problems = new ArrayList<>();
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
            if (!"service_healthy".equals(dependency.getValue().path("condition").asText())) {
                problems.add(where + ": depends_on " + target + " must wait for condition service_healthy");
            }
            if (!services.path(target).has("healthcheck")) {
                problems.add(where + ": depends_on " + target + ", which has no healthcheck");
            }
        });
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
        env.keySet().stream().filter(v -> !app.reads(v)).forEach(v -> problems.add(where + ": sets " + v + ", which "
                + app.module() + "'s configuration does not read"));
        String test = service.path("healthcheck").path("test").toString();
        Matcher url = HEALTH_URL.matcher(test);
        if (!url.find()) {
            problems.add(where + ": needs a healthcheck on http://localhost:<port>/q/health/ready");
        } else if (Integer.parseInt(url.group(1)) != app.port(env) || !AppConfig.HEALTH_PATHS.contains(url.group(2))) {
            problems.add(where + ": healthcheck " + url.group(1) + url.group(2) + " is not " + app.module()
                    + "'s port " + app.port(env) + " and a /q/health path");
        }
    }
}
