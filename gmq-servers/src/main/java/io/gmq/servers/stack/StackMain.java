package io.gmq.servers.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import io.gmq.servers.GmqRoot;
import io.gmq.servers.Log;
import io.gmq.servers.ManagedServer;
import io.gmq.servers.Ports;
import io.gmq.servers.ServerException;
import io.gmq.servers.ServerKind;

/**
 * The local run: makes every real server reachable (reused or started), starts the four services from their built
 * jars, prints their URLs, and on Ctrl-C stops the services and then every server it started.
 * {@code StackMain servers} does the servers only (to run services in dev mode against them).
 */
public final class StackMain {

    private final List<ManagedServer> servers = new ArrayList<>();
    private final List<ServiceProcess> services = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Map<String, String> generatedPasswords = new LinkedHashMap<>();

    public static void main(String[] args) throws InterruptedException {
        boolean serversOnly = args.length > 0 && args[0].equals("servers");
        StackMain stack = new StackMain();
        Runtime.getRuntime().addShutdownHook(new Thread(stack::shutdown, "gmq-stack-shutdown"));
        try {
            Map<String, String> env = stack.startServers();
            if (!serversOnly) {
                stack.startServices(env);
            }
            stack.printSummary(serversOnly);
        } catch (ServerException e) {
            System.err.println("GMQ stack failed to start: " + e.getMessage());
            System.exit(1);
        }
        stack.stopped.await();
    }

    private Map<String, String> startServers() {
        Map<ServerKind, ManagedServer> byKind = new LinkedHashMap<>();
        for (ServerKind kind : ServerKind.values()) {
            byKind.put(kind, kind.create(kind.configuredEndpoint(), System::getenv));
        }
        synchronized (servers) {
            servers.addAll(byKind.values());
        }
        List<CompletableFuture<Void>> starts = byKind.values().stream()
                .map(server -> CompletableFuture.runAsync(server::ensure)).toList();
        try {
            CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
        } catch (RuntimeException e) {
            throw e.getCause() instanceof ServerException se ? se : new ServerException(e.getMessage(), e);
        }
        Map<String, String> env = new HashMap<>(System.getenv());
        byKind.forEach((kind, server) -> env.putAll(kind.clientVariables(server.endpoint(), System::getenv)));
        // The gateway's admin and publish APIs are locked without passwords: a local run makes some up and prints them.
        // So are the IM tiers without their shared secrets and an admin: the same, for IM.
        for (String variable : List.of("GMQ_ADMIN_PASSWORD", "GMQ_PUBLISHER_PASSWORD", "IM_ADMIN_PASSWORD",
                "IM_INTERNAL_SECRET", "IM_JWT_SECRET")) {
            env.computeIfAbsent(variable, v -> generatedPasswords.computeIfAbsent(v,
                    k -> java.util.HexFormat.of()
                            .formatHex(java.security.SecureRandom.getSeed(v.endsWith("SECRET") ? 32 : 12))));
        }
        // A local chat needs accounts: anyone may register here (IM_REGISTRATION=false to turn it off).
        env.putIfAbsent("IM_REGISTRATION", "true");
        env.putIfAbsent("LOGIC_PORT", String.valueOf(Service.LOGIC.port()));
        env.putIfAbsent("PUSH_PORT", String.valueOf(Service.PUSH.port()));
        return env;
    }

    private void startServices(Map<String, String> env) {
        Path root = GmqRoot.path();
        for (Service service : Service.values()) {
            String variable = service.module().toUpperCase().replace('-', '_');
            if (Ports.isListening(new io.gmq.servers.Endpoint("127.0.0.1", service.port()))) {
                throw new ServerException("GMQ-STK-003 port " + service.port() + " for " + service.module()
                        + " is taken: stop what uses it or set " + variable + "_HTTP_PORT");
            }
            if (Ports.isListening(new io.gmq.servers.Endpoint("127.0.0.1", service.managementPort()))) {
                throw new ServerException("GMQ-STK-003 management port " + service.managementPort() + " for "
                        + service.module() + " is taken: stop what uses it or set " + variable + "_MANAGEMENT_PORT");
            }
            synchronized (services) {
                services.add(ServiceProcess.start(service, root, env));
            }
        }
        Set<Service> waiting = EnumSet.allOf(Service.class);
        boolean ready = Ports.await(() -> {
            for (ServiceProcess process : services) {
                if (!process.isAlive()) {
                    throw new ServerException("GMQ-STK-004 " + process.service().module() + " exited during start (see its "
                            + "output above)");
                }
                if (waiting.contains(process.service()) && process.isReady()) {
                    waiting.remove(process.service());
                }
            }
            return waiting.isEmpty();
        }, Duration.ofMinutes(3));
        if (!ready) {
            throw new ServerException("GMQ-STK-005 not ready within 3 minutes: " + waiting);
        }
    }

    private void printSummary(boolean serversOnly) {
        StringBuilder out = new StringBuilder("\nGMQ ").append(serversOnly ? "servers are" : "stack is").append(" up:\n");
        for (ServiceProcess process : services) {
            out.append(String.format("  %-12s %s  (management %s: /q/health/ready, /q/metrics, /q/swagger-ui)%n",
                    process.service().module(), process.url(), process.managementUrl()));
        }
        for (ManagedServer server : servers) {
            out.append(String.format("  %-12s %s  (%s)%n", server.name(), server.endpoint(),
                    server.startedHere() ? "started here" : "reused"));
        }
        if (!serversOnly && !generatedPasswords.isEmpty()) {
            out.append("  gateway users for this run (set GMQ_ADMIN_PASSWORD / GMQ_PUBLISHER_PASSWORD to choose): ");
            generatedPasswords.entrySet().stream().filter(e -> e.getKey().startsWith("GMQ_"))
                    .forEach(e -> out.append(e.getKey().contains("ADMIN") ? "admin" : "publisher").append('=')
                            .append(e.getValue()).append(' '));
            out.append("\n  chat page: http://127.0.0.1:").append(Service.LOGIC.port()).append("/chat/ (register a user)");
            out.append("\n  IM admin for this run (set IM_ADMIN_PASSWORD to choose): admin=")
                    .append(generatedPasswords.getOrDefault("IM_ADMIN_PASSWORD", "(from IM_ADMIN_PASSWORD)"));
            for (String secret : List.of("IM_INTERNAL_SECRET", "IM_JWT_SECRET")) {
                if (generatedPasswords.containsKey(secret)) {
                    out.append("\n  ").append(secret).append('=').append(generatedPasswords.get(secret))
                            .append("  (a second comet needs it: docs/IM.md)");
                }
            }
            out.append('\n');
        }
        out.append("Press Ctrl-C to stop everything started here.\n");
        System.out.println(out);
    }

    private void shutdown() {
        synchronized (services) {
            services.parallelStream().forEach(s -> s.stop(30));
            services.clear();
        }
        synchronized (servers) {
            servers.parallelStream().forEach(server -> {
                try {
                    server.stop();
                } catch (RuntimeException e) {
                    Log.info("could not stop " + server + ": " + e.getMessage());
                }
            });
            servers.clear();
        }
        stopped.countDown();
    }
}
