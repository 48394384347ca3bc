package io.gmq.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;

import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.HealthCheck;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.access_loggers.stream.v3.StdoutAccessLog;
import io.envoyproxy.envoy.extensions.filters.http.cors.v3.Cors;
import io.envoyproxy.envoy.extensions.filters.http.cors.v3.CorsPolicy;
import io.envoyproxy.envoy.extensions.filters.http.grpc_web.v3.GrpcWeb;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;

/**
 * envoy.yaml as Envoy reads it: parsed into the v3 {@link Bootstrap} protobuf (an unknown field or {@code @type}
 * fails), then checked against the rest of the checkout: each route names a defined cluster and an existing gRPC
 * method, streams have no timeout and unary calls one, only idempotent calls are retried, internal APIs are not
 * exposed, and each cluster has a health check and targets a service name and port that compose and Kubernetes
 * both define and the service listens on.
 */
final class EnvoyCheck {

    /** Called only inside the cluster, with the internal secret: never routed from the edge. */
    static final Set<String> INTERNAL_SERVICES = Set.of("gmq.im.logic.v1.Logic", "gmq.im.comet.v1.Comet",
            "gmq.im.push.v1.History");

    private static final JsonFormat.TypeRegistry TYPES = JsonFormat.TypeRegistry.newBuilder()
            .add(HttpConnectionManager.getDescriptor()).add(Router.getDescriptor()).add(GrpcWeb.getDescriptor())
            .add(Cors.getDescriptor()).add(CorsPolicy.getDescriptor()).add(HttpProtocolOptions.getDescriptor())
            .add(StdoutAccessLog.getDescriptor()).add(DownstreamTlsContext.getDescriptor()).build();

    private EnvoyCheck() {
    }

    /** Parses envoy.yaml strictly; throws with Envoy-like detail when it would not load. */
    static Bootstrap parse(Repo repo) throws Exception {
        return parse(repo, "envoy.yaml");
    }

    /** Parses one Envoy configuration file of the checkout strictly. */
    static Bootstrap parse(Repo repo, String file) throws Exception {
        String json = new ObjectMapper().writeValueAsString(repo.yaml(file));
        Bootstrap.Builder bootstrap = Bootstrap.newBuilder();
        JsonFormat.parser().usingTypeRegistry(TYPES).merge(json, bootstrap);
        return bootstrap.build();
    }

    /**
     * Every problem; {@code services} maps each service name of docker-compose and of Kubernetes to its ports (a
     * cluster address must be in both).
     */
    static List<String> check(Repo repo, String file, Map<String, Set<Integer>> composeServices,
            Map<String, Set<Integer>> kubernetesServices, Set<String> headless, Map<String, Integer> managementPorts) {
        List<String> problems = new ArrayList<>();
        Bootstrap bootstrap;
        try {
            bootstrap = parse(repo, file);
        } catch (Exception e) {
            problems.add(file + " is not a valid v3 Bootstrap: " + e.getMessage());
            return problems;
        }
        if (!bootstrap.getAdmin().getAddress().getSocketAddress().getAddress().equals("127.0.0.1")) {
            problems.add("admin must listen on 127.0.0.1 only");
        }
        if (bootstrap.getStaticResources().getListenersCount() != 1) {
            problems.add("exactly one listener expected");
        }
        Map<String, Cluster> clusters = bootstrap.getStaticResources().getClustersList().stream()
                .collect(Collectors.toMap(Cluster::getName, c -> c));
        HttpConnectionManager hcm = connectionManager(bootstrap, problems);
        if (hcm != null) {
            filters(hcm, problems);
            problems.addAll(EnvoyEdgeCheck.check(hcm, bootstrap.getStaticResources().getClustersList(), headless,
                    managementPorts));
            ProtoCatalog protos = ProtoCatalog.read(repo);
            for (VirtualHost host : hcm.getRouteConfig().getVirtualHostsList()) {
                if (!host.containsTypedPerFilterConfig("envoy.filters.http.cors")) {
                    problems.add("virtual host " + host.getName() + " has no CORS policy (gRPC-Web from browsers)");
                }
                host.getRoutesList().forEach(route -> route(route, clusters, protos, problems));
            }
        }
        clusters.values().forEach(cluster -> cluster(repo, cluster, composeServices, kubernetesServices, problems));
        return problems;
    }

    static HttpConnectionManager connectionManager(Bootstrap bootstrap, List<String> problems) {
        try {
            Any config = bootstrap.getStaticResources().getListeners(0).getFilterChains(0).getFilters(0)
                    .getTypedConfig();
            return config.unpack(HttpConnectionManager.class);
        } catch (InvalidProtocolBufferException | IndexOutOfBoundsException e) {
            problems.add("the listener's first filter must be an HttpConnectionManager: " + e.getMessage());
            return null;
        }
    }

    private static void filters(HttpConnectionManager hcm, List<String> problems) {
        List<String> names = hcm.getHttpFiltersList().stream().map(HttpFilter::getName).toList();
        if (!names.contains("envoy.filters.http.grpc_web") || !names.contains("envoy.filters.http.cors")) {
            problems.add("http filters must include grpc_web and cors, are " + names);
        }
        if (names.isEmpty() || !names.getLast().equals("envoy.filters.http.router")) {
            problems.add("the router must be the last http filter, filters are " + names);
        }
    }

    private static void route(Route route, Map<String, Cluster> clusters, ProtoCatalog protos, List<String> problems) {
        String where = "route " + route.getName();
        String cluster = route.getRoute().getCluster();
        if (!clusters.containsKey(cluster)) {
            problems.add(where + " names cluster " + cluster + ", which is not defined");
        }
        String path = route.getMatch().hasPath() ? route.getMatch().getPath() : route.getMatch().getPrefix();
        String service = path.length() > 1 ? path.substring(1).split("/")[0] : "";
        if (INTERNAL_SERVICES.contains(service)) {
            problems.add(where + " exposes the internal API " + service);
        }
        List<ProtoCatalog.Method> methods = protos.reached(path);
        if (service.startsWith("gmq.") && methods == null) {
            problems.add(where + " matches " + path + ", which no service or method in proto/ defines");
        }
        boolean websocket = route.getRoute().getUpgradeConfigsList().stream()
                .anyMatch(u -> u.getUpgradeType().equals("websocket") && u.getEnabled().getValue());
        boolean stream = websocket || (methods != null && methods.stream().anyMatch(ProtoCatalog.Method::streaming));
        Duration timeout = route.getRoute().getTimeout();
        boolean noTimeout = route.getRoute().hasTimeout() && timeout.getSeconds() == 0 && timeout.getNanos() == 0;
        if (stream && !noTimeout) {
            problems.add(where + " carries a stream: it needs timeout 0s");
        }
        if (!stream && (!route.getRoute().hasTimeout() || noTimeout)) {
            problems.add(where + " is unary: it needs a timeout");
        }
        if (route.getRoute().hasRetryPolicy() && !idempotent(route, methods)) {
            problems.add(where + " retries calls that are not idempotent");
        }
    }

    private static boolean idempotent(Route route, List<ProtoCatalog.Method> methods) {
        if (methods != null) {
            return route.getMatch().hasPath() && methods.stream().allMatch(ProtoCatalog.Method::idempotent);
        }
        return route.getMatch().getHeadersList().stream().anyMatch(h -> h.getName().equals(":method")
                && Set.of("GET", "HEAD").contains(h.getStringMatch().getExact()));
    }

    private static void cluster(Repo repo, Cluster cluster, Map<String, Set<Integer>> compose,
            Map<String, Set<Integer>> kubernetes, List<String> problems) {
        String where = "cluster " + cluster.getName();
        List<HealthCheck> checks = cluster.getHealthChecksList();
        if (checks.isEmpty() || checks.stream().anyMatch(c -> !AppConfig.HEALTH_PATHS.contains(c.getHttpHealthCheck()
                .getPath()))) {
            problems.add(where + " needs an active HTTP health check on /q/health/*");
        }
        cluster.getLoadAssignment().getEndpointsList().stream().flatMap(e -> e.getLbEndpointsList().stream())
                .map(e -> e.getEndpoint().getAddress().getSocketAddress()).forEach(address -> {
                    String host = address.getAddress();
                    int port = address.getPortValue();
                    if (!compose.getOrDefault(host, Set.of()).contains(port)) {
                        problems.add(where + " targets " + host + ":" + port + ", which is no docker-compose "
                                + "service port");
                    }
                    if (!kubernetes.getOrDefault(host, Set.of()).contains(port)) {
                        problems.add(where + " targets " + host + ":" + port + ", which is no Kubernetes Service "
                                + "port");
                    }
                });
    }
}
