package io.gmq.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

/**
 * Every rendered pod against the Pod Security Standards' "restricted" profile (kubernetes.io/docs/concepts/security/
 * pod-security-standards): no host namespaces, ports or paths, nothing privileged, only the allowed volume types,
 * no privilege escalation, non-root, all capabilities dropped (NET_BIND_SERVICE alone may be added back), and the
 * RuntimeDefault or a Localhost seccomp profile.
 */
final class PodSecurityCheck {

    static final Set<String> RESTRICTED_VOLUMES = Set.of("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
            "persistentVolumeClaim", "projected", "secret");

    private PodSecurityCheck() {
    }

    static List<String> check(List<HasMetadata> rendered) {
        List<String> problems = new ArrayList<>();
        for (HasMetadata resource : rendered) {
            PodSpec pod = switch (resource) {
                case Deployment deployment -> deployment.getSpec().getTemplate().getSpec();
                case StatefulSet set -> set.getSpec().getTemplate().getSpec();
                default -> null;
            };
            if (pod != null) {
                pod(resource.getKind() + "/" + resource.getMetadata().getName(), pod, problems);
            }
        }
        return problems;
    }

    private static void pod(String where, PodSpec pod, List<String> problems) {
        if (Boolean.TRUE.equals(pod.getHostNetwork()) || Boolean.TRUE.equals(pod.getHostPID())
                || Boolean.TRUE.equals(pod.getHostIPC())) {
            problems.add(where + ": host namespaces are not allowed (restricted)");
        }
        for (Volume volume : pod.getVolumes()) {
            String type = volumeType(volume);
            if (!RESTRICTED_VOLUMES.contains(type)) {
                problems.add(where + ": volume " + volume.getName() + " is a " + type + " (restricted allows "
                        + RESTRICTED_VOLUMES + ")");
            }
        }
        PodSecurityContext podContext = pod.getSecurityContext();
        List<Container> containers = Stream.concat(pod.getInitContainers().stream(), pod.getContainers().stream())
                .toList();
        for (Container container : containers) {
            String at = where + " container " + container.getName();
            SecurityContext context = container.getSecurityContext();
            if (context == null || !Boolean.FALSE.equals(context.getAllowPrivilegeEscalation())) {
                problems.add(at + ": needs securityContext.allowPrivilegeEscalation: false");
            }
            if (context != null && Boolean.TRUE.equals(context.getPrivileged())) {
                problems.add(at + ": privileged is not allowed");
            }
            boolean dropsAll = context != null && context.getCapabilities() != null
                    && context.getCapabilities().getDrop().contains("ALL");
            if (!dropsAll) {
                problems.add(at + ": needs securityContext.capabilities.drop: [ALL]");
            }
            if (context != null && context.getCapabilities() != null && context.getCapabilities().getAdd().stream()
                    .anyMatch(c -> !c.equals("NET_BIND_SERVICE"))) {
                problems.add(at + ": may add back NET_BIND_SERVICE only");
            }
            Boolean nonRoot = context != null && context.getRunAsNonRoot() != null ? context.getRunAsNonRoot()
                    : podContext == null ? null : podContext.getRunAsNonRoot();
            if (!Boolean.TRUE.equals(nonRoot)) {
                problems.add(at + ": needs runAsNonRoot: true (pod or container)");
            }
            Long user = context != null && context.getRunAsUser() != null ? context.getRunAsUser()
                    : podContext == null ? null : podContext.getRunAsUser();
            if (user != null && user == 0) {
                problems.add(at + ": runAsUser 0 is not allowed");
            }
            SeccompProfile seccomp = context != null && context.getSeccompProfile() != null ? context.getSeccompProfile()
                    : podContext == null ? null : podContext.getSeccompProfile();
            if (seccomp == null || !Set.of("RuntimeDefault", "Localhost").contains(seccomp.getType())) {
                problems.add(at + ": needs seccompProfile type RuntimeDefault (pod or container)");
            }
            if (container.getPorts().stream().anyMatch(p -> p.getHostPort() != null && p.getHostPort() != 0)) {
                problems.add(at + ": host ports are not allowed");
            }
        }
    }

    private static String volumeType(Volume volume) {
        if (volume.getConfigMap() != null) {
            return "configMap";
        }
        if (volume.getSecret() != null) {
            return "secret";
        }
        if (volume.getPersistentVolumeClaim() != null) {
            return "persistentVolumeClaim";
        }
        if (volume.getEmptyDir() != null) {
            return "emptyDir";
        }
        if (volume.getProjected() != null) {
            return "projected";
        }
        if (volume.getDownwardAPI() != null) {
            return "downwardAPI";
        }
        if (volume.getCsi() != null) {
            return "csi";
        }
        if (volume.getEphemeral() != null) {
            return "ephemeral";
        }
        return volume.getHostPath() != null ? "hostPath" : "other";
    }
}
