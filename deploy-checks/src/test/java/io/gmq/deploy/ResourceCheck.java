package io.gmq.deploy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;

/**
 * A rendered overlay's sizing: no Deployment an autoscaler owns sets spec.replicas, every GMQ JVM's memory limit holds
 * its heap and its measured non-heap memory, Kafka keeps its log on its volume with a heap inside its limit, Envoy
 * runs as many workers as its CPU limit, and the dev overlay's CPU requests fit a 2-CPU local cluster.
 */
final class ResourceCheck {

    /** What a 2-CPU kind or minikube node has left for workloads after its control plane's requests (~750m). */
    static final long DEV_CPU_BUDGET_MILLIS = 1000;

    private static final Pattern KAFKA_XMX = Pattern.compile("-Xmx(\\d+)([mMgG])");

    private ResourceCheck() {
    }

    static List<String> check(Repo repo, String overlay, List<HasMetadata> rendered) {
        List<String> problems = new ArrayList<>();
        Set<String> autoscaled = new java.util.HashSet<>();
        Map<String, PodSpec> pods = new HashMap<>();
        for (HasMetadata resource : rendered) {
            switch (resource) {
                case HorizontalPodAutoscaler hpa -> autoscaled.add(hpa.getSpec().getScaleTargetRef().getName());
                case Deployment deployment -> pods.put("Deployment/" + deployment.getMetadata().getName(),
                        deployment.getSpec().getTemplate().getSpec());
                case StatefulSet set -> pods.put("StatefulSet/" + set.getMetadata().getName(),
                        set.getSpec().getTemplate().getSpec());
                default -> {
                }
            }
        }
        for (HasMetadata resource : rendered) {
            if (resource instanceof Deployment deployment && autoscaled.contains(deployment.getMetadata().getName())
                    && deployment.getSpec().getReplicas() != null) {
                problems.add("Deployment/" + deployment.getMetadata().getName() + " sets spec.replicas, which its "
                        + "HorizontalPodAutoscaler owns: every apply would reset it");
            }
        }
        long cpuRequests = 0;
        for (Map.Entry<String, PodSpec> pod : pods.entrySet()) {
            for (Container container : pod.getValue().getContainers()) {
                String where = pod.getKey() + " container " + container.getName();
                cpuRequests += millis(container.getResources().getRequests().get("cpu"));
                jvm(repo, where, container, problems);
                kafka(where, container, problems);
                envoy(where, container, problems);
            }
        }
        if (overlay.equals("dev") && cpuRequests > DEV_CPU_BUDGET_MILLIS) {
            problems.add("the dev overlay requests " + cpuRequests + "m CPU in all, more than a 2-CPU local cluster "
                    + "has free (" + DEV_CPU_BUDGET_MILLIS + "m)");
        }
        return problems;
    }

    private static void jvm(Repo repo, String where, Container container, List<String> problems) {
        String image = container.getImage();
        if (!image.startsWith(repo.imageGroup() + "/") || image.endsWith("-native")) {
            return;
        }
        String name = image.substring(image.indexOf('/') + 1).replaceAll(":.*", "");
        AppConfig app = repo.appNamed(name);
        Quantity limit = container.getResources().getLimits().get("memory");
        if (app == null || limit == null) {
            return;
        }
        String options = env(container, "JAVA_TOOL_OPTIONS");
        String problem = MemoryBudget.problem(where, app.module(), MemoryBudget.mebibytes(limit), options);
        if (problem != null) {
            problems.add(problem);
        }
    }

    private static void kafka(String where, Container container, List<String> problems) {
        if (!container.getImage().startsWith("apache/kafka")) {
            return;
        }
        String logDirs = env(container, "KAFKA_LOG_DIRS");
        boolean onVolume = logDirs != null && container.getVolumeMounts().stream()
                .anyMatch(m -> logDirs.startsWith(m.getMountPath() + "/") || logDirs.equals(m.getMountPath()));
        if (!onVolume) {
            problems.add(where + ": KAFKA_LOG_DIRS must be on the data volume (Kafka writes to /tmp otherwise), is "
                    + logDirs);
        }
        Matcher heap = KAFKA_XMX.matcher(String.valueOf(env(container, "KAFKA_HEAP_OPTS")));
        Quantity limit = container.getResources().getLimits().get("memory");
        long heapMiB = heap.find() ? Long.parseLong(heap.group(1)) * (heap.group(2).equalsIgnoreCase("g") ? 1024 : 1)
                : 1024;
        if (limit == null || heapMiB > MemoryBudget.mebibytes(limit) * 3 / 4) {
            problems.add(where + ": Kafka's heap (" + heapMiB + " MiB; KAFKA_HEAP_OPTS -Xmx, 1 GiB when unset) must "
                    + "leave a quarter of the memory limit " + limit + " to the rest of the JVM");
        }
    }

    private static void envoy(String where, Container container, List<String> problems) {
        if (!container.getImage().startsWith("envoyproxy/envoy")) {
            return;
        }
        List<String> args = container.getArgs();
        int at = args.indexOf("--concurrency");
        Quantity cpu = container.getResources().getLimits().get("cpu");
        long workers = cpu == null ? -1 : Math.max(1, millis(cpu) / 1000);
        if (at < 0 || at + 1 >= args.size() || Long.parseLong(args.get(at + 1)) != workers) {
            problems.add(where + ": --concurrency must match the CPU limit (" + cpu + " → " + workers + " workers), "
                    + "args are " + args);
        }
    }

    private static String env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst()
                .orElse(null);
    }

    private static long millis(Quantity quantity) {
        return quantity == null ? 0
                : Quantity.getAmountInBytes(quantity).multiply(java.math.BigDecimal.valueOf(1000))
                        .longValue();
    }
}
