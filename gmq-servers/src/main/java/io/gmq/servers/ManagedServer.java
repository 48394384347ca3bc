package io.gmq.servers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A real server GMQ needs: reused when something already listens at its endpoint, otherwise installed (Debian
 * package) if missing, started on loopback by this manager, and stopped again by {@link #stop()}.
 */
public abstract class ManagedServer {

    protected final Endpoint endpoint;
    private boolean startedHere;

    protected ManagedServer(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** Short human name, also used for work directories and log files. */
    public abstract String name();

    public Endpoint endpoint() {
        return endpoint;
    }

    public synchronized boolean startedHere() {
        return startedHere;
    }

    /** Makes the server reachable at its endpoint: reuse what listens there, otherwise start one. */
    public final synchronized void ensure() {
        if (startedHere && isRunning()) {
            return;
        }
        if (Ports.isListening(endpoint)) {
            Log.info(name() + " at " + endpoint + ": already listening, reused (not stopped by GMQ)");
        } else {
            install();
            if (Ports.isListening(endpoint)) {
                Log.info(name() + " at " + endpoint + ": started by its package installer, reused");
            } else {
                long begin = System.nanoTime();
                launch();
                awaitReady();
                startedHere = true;
                Log.info(name() + " at " + endpoint + ": started in " + (System.nanoTime() - begin) / 1_000_000 + " ms");
            }
        }
        afterReady();
    }

    /** Stops the server if this manager started it; a reused server is left alone. */
    public final synchronized void stop() {
        if (startedHere) {
            shutdown();
            startedHere = false;
            Log.info(name() + " at " + endpoint + ": stopped");
        }
    }

    /** Installs what the server needs (binaries, packages); called only when nothing listens yet. */
    protected abstract void install();

    /** Starts the server process; returns without waiting for readiness. */
    protected abstract void launch();

    protected abstract void shutdown();

    /** True while the process this manager started is alive. */
    protected abstract boolean isRunning();

    /** Extra setup once reachable, for started and reused servers alike (e.g. the application database). */
    protected void afterReady() {
    }

    protected Duration startTimeout() {
        return Duration.ofSeconds(60);
    }

    /** Why the launch failed, for the error message (usually the end of the server's log). */
    protected abstract String diagnostics();

    private void awaitReady() {
        boolean up = Ports.await(() -> Ports.isListening(endpoint) || !isRunning(), startTimeout());
        if (!up || !Ports.isListening(endpoint)) {
            String why = diagnostics();
            shutdown();
            throw new ServerException("GMQ-SRV-011 " + name() + " did not start listening on " + endpoint + " within "
                    + startTimeout().toSeconds() + " s:\n" + why);
        }
    }

    /** A fresh, empty work directory for this server and port. */
    protected Path workDir() {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "gmq-servers", name().toLowerCase() + "-" + endpoint.port());
        deleteRecursively(dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ServerException("GMQ-SRV-012 cannot create " + dir + ": " + e.getMessage(), e);
        }
        return dir;
    }

    protected static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new ServerException("GMQ-SRV-013 cannot clean " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return name() + "@" + endpoint;
    }
}
