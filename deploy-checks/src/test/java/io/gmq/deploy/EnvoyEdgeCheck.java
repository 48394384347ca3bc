package io.gmq.deploy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.route.v3.RetryPolicy;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager.PathWithEscapedSlashesAction;

/**
 * What makes the edge safe and balanced, beyond well-formedness: paths normalised before routing (dot segments, also
 * percent-encoded, merged slashes, escaped slashes refused or redirected), an access log, retry conditions only from
 * Envoy's own lists (router filter: x-envoy-retry-on, x-envoy-retry-grpc-on) and used as they mean (503 through
 * retriable-status-codes; gRPC only on unavailable), one host per pod (DNS of a headless Service), and health checks
 * on each service's management port.
 */
final class EnvoyEdgeCheck {

    /** x-envoy-retry-on, Envoy's router filter documentation. */
    static final Set<String> HTTP_CONDITIONS = Set.of("5xx", "gateway-error", "reset", "reset-before-request",
            "connect-failure", "envoy-ratelimited", "retriable-4xx", "refused-stream", "retriable-status-codes",
            "retriable-headers", "http3-post-connect-failure");

    /** x-envoy-retry-grpc-on, Envoy's router filter documentation. */
    static final Set<String> GRPC_CONDITIONS = Set.of("cancelled", "deadline-exceeded", "internal",
            "resource-exhausted", "unavailable");

    private EnvoyEdgeCheck() {
    }

    /**
     * @param headless the Kubernetes Services that are headless (a cluster address must be one)
     * @param managementPorts each service's management port, by the address Envoy uses for it
     */
    static List<String> check(HttpConnectionManager hcm, List<Cluster> clusters, Set<String> headless,
            Map<String, Integer> managementPorts) {
        List<String> problems = new ArrayList<>();
        if (!hcm.hasNormalizePath() || !hcm.getNormalizePath().getValue()) {
            problems.add("normalize_path must be true: /chat/../q/metrics and /chat/%2e%2e/... must be routed as "
                    + "what they resolve to");
        }
        if (!hcm.getMergeSlashes()) {
            problems.add("merge_slashes must be true: //q/... must not slip past a prefix");
        }
        if (!Set.of(PathWithEscapedSlashesAction.REJECT_REQUEST, PathWithEscapedSlashesAction.UNESCAPE_AND_REDIRECT)
                .contains(hcm.getPathWithEscapedSlashesAction())) {
            problems.add("path_with_escaped_slashes_action must be REJECT_REQUEST or UNESCAPE_AND_REDIRECT, is "
                    + hcm.getPathWithEscapedSlashesAction());
        }
        if (hcm.getAccessLogList().stream().noneMatch(l -> l.getName().equals("envoy.access_loggers.stdout"))) {
            problems.add("an access log to stdout (envoy.access_loggers.stdout) is required");
        }
        for (VirtualHost host : hcm.getRouteConfig().getVirtualHostsList()) {
            for (Route route : host.getRoutesList()) {
                if (route.getRoute().hasRetryPolicy()) {
                    retries("route " + route.getName(), route.getRoute().getRetryPolicy(),
                            route.getMatch().getPrefix().startsWith("/gmq.")
                                    || route.getMatch().getPath().startsWith("/gmq."),
                            problems);
                }
            }
        }
        for (Cluster cluster : clusters) {
            endpoints(cluster, headless, managementPorts, problems);
        }
        return problems;
    }

    private static void retries(String where, RetryPolicy policy, boolean grpc, List<String> problems) {
        List<String> conditions = Arrays.stream(policy.getRetryOn().split(",")).map(String::strip).toList();
        for (String condition : conditions) {
            if (!HTTP_CONDITIONS.contains(condition) && !GRPC_CONDITIONS.contains(condition)) {
                problems.add(where + ": retry_on " + condition + " is no Envoy retry condition (Envoy ignores it; "
                        + "a status code goes in retriable_status_codes with retriable-status-codes)");
            }
        }
        boolean byStatus = conditions.contains("retriable-status-codes");
        if (byStatus != (policy.getRetriableStatusCodesCount() > 0)) {
            problems.add(where + ": retriable-status-codes and retriable_status_codes go together");
        }
        if (grpc && !conditions.equals(List.of("unavailable"))) {
            problems.add(where + ": a gRPC call is retried on unavailable only (a cancelled call was cancelled by "
                    + "its client), retry_on is " + policy.getRetryOn());
        }
    }

    private static void endpoints(Cluster cluster, Set<String> headless, Map<String, Integer> managementPorts,
            List<String> problems) {
        String where = "cluster " + cluster.getName();
        if (cluster.getType() != Cluster.DiscoveryType.STRICT_DNS && cluster.getType() != Cluster.DiscoveryType.EDS) {
            problems.add(where + ": must be STRICT_DNS (one host per address) or EDS, is " + cluster.getType());
        }
        for (LbEndpoint endpoint : cluster.getLoadAssignment().getEndpointsList().stream()
                .flatMap(e -> e.getLbEndpointsList().stream()).toList()) {
            String host = endpoint.getEndpoint().getAddress().getSocketAddress().getAddress();
            if (!headless.contains(host)) {
                problems.add(where + ": " + host + " must be a headless Kubernetes Service (clusterIP: None): a "
                        + "ClusterIP gives Envoy one host, so health checks and HTTP/2 reach one pod");
            }
            Integer management = managementPorts.get(host);
            int port = endpoint.getEndpoint().getHealthCheckConfig().getPortValue();
            if (management == null || port != management) {
                problems.add(where + ": health checks must go to " + host + "'s management port (" + management
                        + "), go to " + (port == 0 ? "the traffic port" : port));
            }
        }
    }
}
