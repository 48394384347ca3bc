package io.gmq.servers;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A server that runs as one foreground child process of the manager (Redis, Mosquitto, MariaDB, Kafka, MongoDB).
 */
public abstract class ProcessServer extends ManagedServer {

    private ServerProcess process;

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
        Path dir = workDir();
        prepare(dir);
        process = ServerProcess.start(name().toLowerCase(), command(dir), dir, environment());
    }

    @Override
    protected void shutdown() {
        if (process != null) {
            process.stop(20);
            process = null;
        }
    }

    /** The server process's id while it runs (for CPU figures), else 0. */
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
