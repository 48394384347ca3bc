package io.gmq.servers;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A server that runs as one foreground child process of the manager (Redis, Mosquitto, MariaDB, Kafka, MongoDB).
 */
public abstract class ProcessServer extends ManagedServer implements Restartable {

    private ServerProcess process;
    private Path dir;

    protected ProcessServer(Endpoint endpoint) {
        super(endpoint);
    }

    /** The command line, given a fresh work directory. */
    protected abstract List<String> command(Path workDir);

    protected Map<String, String> environment() {
        return Map.of();
    }

    /** One-off preparation in the work directory before the server starts (config files, data directory). */
    protected void prepare(Path workDir) {
    }

    @Override
    protected void launch() {
        dir = workDir();
        prepare(dir);
        process = ServerProcess.start(name().toLowerCase(), command(dir), dir, environment());
    }

    /**
     * Fault injection (tests, the fault matrix): {@code kill -9} of the server this manager started. Its work
     * directory stays, so {@link #restart()} brings back whatever the server had written to disk (Kafka's log; nothing
     * for Redis, which keeps no file).
     */
    @Override
    public synchronized void kill9() {
        if (process != null) {
            process.kill9();
            process = null;
        }
    }

    /** A clean stop (SIGTERM, then SIGKILL after {@code graceSeconds}); the work directory stays for a restart. */
    @Override
    public synchronized void terminate(long graceSeconds) {
        if (process != null) {
            process.stop(graceSeconds);
            process = null;
        }
    }

    /** Starts the server again on its previous work directory and endpoint, and waits until it listens. */
    @Override
    public synchronized void restart() {
        if (dir == null || !startedHere()) {
            throw new ServerException("GMQ-SRV-014 " + name() + " at " + endpoint + " was not started here: no restart");
        }
        if (process == null) {
            process = ServerProcess.start(name().toLowerCase(), command(dir), dir, environment());
        }
        if (!Ports.await(() -> Ports.isListening(endpoint) || !process.isAlive(), startTimeout())
                || !Ports.isListening(endpoint)) {
            throw new ServerException("GMQ-SRV-011 " + name() + " did not listen again on " + endpoint + ":\n"
                    + process.logTail());
        }
        afterReady();
    }

    @Override
    protected void shutdown() {
        if (process != null) {
            process.stop(20);
            process = null;
        }
    }

    /** The server process's id while it runs (for CPU figures), else 0. */
    @Override
    public long pid() {
        ServerProcess current = process;
        return current == null ? 0 : current.pid();
    }

    @Override
    protected boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    protected String diagnostics() {
        return process == null ? "(not started)" : process.logTail();
    }
}
