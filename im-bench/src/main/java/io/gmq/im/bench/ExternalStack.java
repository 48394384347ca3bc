package io.gmq.im.bench;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A stack that is already running ({@code --external}), located by environment variables; the bench starts and
 * stops nothing. Pids come from IM_COMET_PID / IM_LOGIC_PID / IM_PUSH_PID, else from the process listening on the
 * service's port ({@code ss -ltnp}), else stay unknown (no CPU figures for that service).
 */
final class ExternalStack implements Stack {

    private final URI comet = URI.create(env("IM_COMET_URL", "ws://127.0.0.1:8081/ws"));
    private final URI logic = URI.create(env("IM_LOGIC_URL", "http://127.0.0.1:8082"));
    private final URI push = URI.create(env("IM_PUSH_URL", "http://127.0.0.1:8083"));
    private final String jwtSecret = required("IM_JWT_SECRET");
    private final String adminPassword = required("IM_ADMIN_PASSWORD");
    private final Map<String, Long> pids = new LinkedHashMap<>();

    ExternalStack() {
        pids.put("comet", pid("IM_COMET_PID", comet.getPort()));
        pids.put("logic", pid("IM_LOGIC_PID", logic.getPort()));
        pids.put("push", pid("IM_PUSH_PID", push.getPort()));
    }

    @Override
    public void startRun(String run) {
        // running already
    }

    @Override
    public void endRun() {
        // not ours to stop
    }

    @Override
    public URI comet() {
        return comet;
    }

    @Override
    public URI logic() {
        return logic;
    }

    @Override
    public String jwtSecret() {
        return jwtSecret;
    }

    @Override
    public String adminPassword() {
        return adminPassword;
    }

    @Override
    public Map<String, Long> pids() {
        return pids;
    }

    @Override
    public Map<String, java.nio.file.Path> logs() {
        return Map.of();
    }

    @Override
    public void close() {
        // nothing started
    }

    private static long pid(String variable, int port) {
        String given = System.getenv(variable);
        if (given != null && !given.isBlank()) {
            return Long.parseLong(given.trim());
        }
        try {
            Process ss = new ProcessBuilder("ss", "-ltnpH", "sport = :" + port).redirectErrorStream(true).start();
            String out = new String(ss.getInputStream().readAllBytes());
            ss.waitFor(5, TimeUnit.SECONDS);
            int at = out.indexOf("pid=");
            if (at >= 0) {
                return Long.parseLong(out.substring(at + 4).split("[^0-9]")[0]);
            }
        } catch (IOException | RuntimeException e) {
            // no ss: unknown
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--external needs " + name + " in the environment");
        }
        return value;
    }
}
