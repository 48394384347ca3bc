package io.gmq.deploy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * A rendered overlay against the services it runs: every variable a GMQ container sets is one its application
 * reads, ports and probe paths are the application's, a readiness probe waits longer than the service's own server
 * probe, every ConfigMap/Secret key and Service a container names exists, and every Service, autoscaler and
 * disruption budget selects something.
 */
final class WiringCheck {

    /** Each service's own server probe timeout unless its container sets HEALTH_PROBE_TIMEOUT (default in application.yaml). */
    private static final int READINESS_PROBE_TIMEOUT_SECONDS = 2;

    private final Repo repo;
    private final Set<String> secretKeys;
    private final List<String> problems = new ArrayList<>();
    private final Map<String, ConfigMap> configMaps = new HashMap<>();
    private final Map<String, Secret> secrets = new HashMap<>();
    private final Map<String, Service> services = new HashMap<>();
    private final Map<String, PodTemplateSpec> workloads = new HashMap<>();

    private WiringCheck(Repo repo, Set<String> secretKeys) {
        this.repo = repo;
        this.secretKeys = secretKeys;
    }

    /** Problems of one rendered overlay; secretKeys are the keys of gmq-secrets (created outside prod's render). */
    static List<String> check(Repo repo, List<HasMetadata> rendered, Set<String> secretKeys) {
        WiringCheck check = new WiringCheck(repo, secretKeys);
        check.index(rendered);
        check.workloads.forEach(check::workload);
        check.services.values().forEach(check::service);
        for (HasMetadata resource : rendered) {
            if (resource instanceof HorizontalPodAutoscaler hpa) {
                String target = hpa.getSpec().getScaleTargetRef().getName();
                if (!check.workloads.containsKey("Deployment/" + target)) {
                    check.problems.add("HorizontalPodAutoscaler/" + hpa.getMetadata().getName() + " scales "
                            + target + ", which is no Deployment");
                }
            }
            if (resource instanceof PodDisruptionBudget pdb && check.selected(pdb.getSpec().getSelector()
                    .getMatchLabels()) == null) {
                check.problems.add("PodDisruptionBudget/" + pdb.getMetadata().getName() + " selects no pods");
            }
        }
        return check.problems;
    }

    private void index(List<HasMetadata> rendered) {
        for (HasMetadata resource : rendered) {
            String name = resource.getMetadata().getName();
            switch (resource) {
                case ConfigMap map -> configMaps.put(name, map);
                case Secret secret -> secrets.put(name, secret);
                case Service service -> services.put(name, service);
                case Deployment deployment -> workloads.put("Deployment/" + name, deployment.getSpec().getTemplate());
                case StatefulSet set -> workloads.put("StatefulSet/" + name, set.getSpec().getTemplate());
                default -> {
                }
            }
        }
    }

    private void workload(String name, PodTemplateSpec template) {
        for (Container container : template.getSpec().getContainers()) {
            String where = name + " container " + container.getName();
            Map<String, String> literals = new HashMap<>();
            for (EnvVar env : container.getEnv()) {
                if (env.getValue() != null) {
                    literals.put(env.getName(), env.getValue());
                }
                references(where, env);
            }
            hosts(where, literals);
            String image = container.getImage();
            if (image.startsWith(repo.imageGroup() + "/")) {
                gmqContainer(where, container, image, literals);
            }
        }
    }

    private void gmqContainer(String where, Container container, String image, Map<String, String> literals) {
        String appName = image.substring(image.indexOf('/') + 1).replaceAll(":.*", "");
        AppConfig app = repo.appNamed(appName);
        if (app == null) {
            problems.add(where + ": image " + image + " is not a GMQ service's (quarkus.application.name)");
            return;
        }
        for (EnvVar env : container.getEnv()) {
            if (!app.reads(env.getName())) {
                problems.add(where + ": sets " + env.getName() + ", which " + app.module()
                        + "'s configuration does not read");
            }
        }
        int port = app.port(literals);
        ContainerPort http = container.getPorts().stream().filter(p -> "http".equals(p.getName())).findFirst()
                .orElse(null);
        if (http == null || http.getContainerPort() != port) {
            problems.add(where + ": port 'http' must be " + port + " (" + app.module() + " listens there), is "
                    + (http == null ? "missing" : http.getContainerPort()));
        }
        int management = app.managementPort(literals);
        if (!app.managementEnabled()) {
            problems.add(where + ": " + app.module() + " must serve health, metrics and OpenAPI on the management "
                    + "interface (quarkus.management.enabled), not on its public port");
        }
        ContainerPort managementPort = container.getPorts().stream().filter(p -> "management".equals(p.getName()))
                .findFirst().orElse(null);
        if (managementPort == null || managementPort.getContainerPort() != management) {
            problems.add(where + ": port 'management' must be " + management + " (" + app.module()
                    + "'s management interface), is " + (managementPort == null ? "missing"
                            : managementPort.getContainerPort()));
        }
        probe(where + " startupProbe", container.getStartupProbe(), management);
        probe(where + " readinessProbe", container.getReadinessProbe(), management);
        Probe readiness = container.getReadinessProbe();
        int readinessTimeout = readiness == null || readiness.getTimeoutSeconds() == null ? 1
                : readiness.getTimeoutSeconds();
        int own = container.getEnv() == null ? READINESS_PROBE_TIMEOUT_SECONDS
                : container.getEnv().stream().filter(e -> "HEALTH_PROBE_TIMEOUT".equals(e.getName()))
                        .map(EnvVar::getValue).filter(v -> v != null && v.matches("\\d+s")).findFirst()
                        .map(v -> Integer.parseInt(v.substring(0, v.length() - 1)))
                        .orElse(READINESS_PROBE_TIMEOUT_SECONDS);
        if (readinessTimeout <= own) {
            problems.add(where + " readinessProbe: timeoutSeconds " + readinessTimeout + " must exceed the service's"
                    + " own probe timeout (HEALTH_PROBE_TIMEOUT, " + own + " s): an answer may wait for one server"
                    + " probe");
        }
        probe(where + " livenessProbe", container.getLivenessProbe(), management);
        if (container.getResources() == null || container.getResources().getRequests().isEmpty()
                || container.getResources().getLimits().isEmpty()) {
            problems.add(where + ": resource requests and limits are required");
        }
    }

    private void probe(String where, Probe probe, int port) {
        if (probe == null || probe.getHttpGet() == null) {
            problems.add(where + ": missing (an httpGet on /q/health/*)");
            return;
        }
        String path = probe.getHttpGet().getPath();
        if (!AppConfig.HEALTH_PATHS.contains(path)) {
            problems.add(where + ": path " + path + " is none of " + AppConfig.HEALTH_PATHS);
        }
        IntOrString target = probe.getHttpGet().getPort();
        if (!("management".equals(target.getStrVal()) || Integer.valueOf(port).equals(target.getIntVal()))) {
            problems.add(where + ": port " + (target.getStrVal() != null ? target.getStrVal() : target.getIntVal())
                    + " is not the application's management port (" + port + ")");
        }
    }

    private void references(String where, EnvVar env) {
        if (env.getValueFrom() == null) {
            return;
        }
        var mapRef = env.getValueFrom().getConfigMapKeyRef();
        if (mapRef != null) {
            ConfigMap map = configMaps.get(mapRef.getName());
            if (map == null || !map.getData().containsKey(mapRef.getKey())) {
                problems.add(where + ": " + env.getName() + " reads ConfigMap " + mapRef.getName() + " key "
                        + mapRef.getKey() + ", which does not exist");
            }
        }
        var secretRef = env.getValueFrom().getSecretKeyRef();
        if (secretRef != null) {
            Secret secret = secrets.get(secretRef.getName());
            boolean known = secret != null
                    ? secret.getData() != null && secret.getData().containsKey(secretRef.getKey())
                    : secretKeys.contains(secretRef.getKey());
            if (!known) {
                problems.add(where + ": " + env.getName() + " reads Secret " + secretRef.getName() + " key "
                        + secretRef.getKey() + ", which is not one of its keys");
            }
        }
    }

    /** X_HOST set to a literal must name a Service; its X_PORT must be a port of that Service. */
    private void hosts(String where, Map<String, String> literals) {
        literals.forEach((name, value) -> {
            if (!name.endsWith("_HOST") || name.startsWith("COMET_") || name.equals("HTTP_HOST")) {
                return;
            }
            Service service = services.get(value);
            if (service == null) {
                problems.add(where + ": " + name + "=" + value + " names no Service");
                return;
            }
            String port = literals.get(name.replace("_HOST", "_PORT"));
            if (port != null && service.getSpec().getPorts().stream()
                    .noneMatch(p -> p.getPort().equals(Integer.valueOf(port)))) {
                problems.add(where + ": Service " + value + " has no port " + port);
            }
        });
    }

    private void service(Service service) {
        String where = "Service/" + service.getMetadata().getName();
        PodTemplateSpec pods = selected(service.getSpec().getSelector());
        if (pods == null) {
            problems.add(where + ": selects no pods");
            return;
        }
        for (ServicePort port : service.getSpec().getPorts()) {
            IntOrString target = port.getTargetPort();
            if (target != null && "management".equals(target.getStrVal())) {
                problems.add(where + ": exposes the management port (health, metrics, OpenAPI stay off Services)");
            }
            if (target != null && target.getStrVal() != null && pods.getSpec().getContainers().stream()
                    .flatMap(c -> c.getPorts().stream()).noneMatch(p -> target.getStrVal().equals(p.getName()))) {
                problems.add(where + ": targetPort " + target.getStrVal() + " is no container port of its pods");
            }
        }
    }

    private PodTemplateSpec selected(Map<String, String> selector) {
        if (selector == null || selector.isEmpty()) {
            return null;
        }
        return workloads.values().stream()
                .filter(t -> t.getMetadata().getLabels().entrySet().containsAll(selector.entrySet())).findFirst()
                .orElse(null);
    }
}
