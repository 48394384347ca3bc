package io.gmq.servers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Eclipse Mosquitto (MQTT 3.1.1 and 5) from Debian's mosquitto package, anonymous on loopback; without persistence,
 * or durable: persistent sessions and their queued QoS1 messages survive a restart, and the per-client queue is
 * unbounded (Mosquitto's default keeps 1,000 and drops the rest); or, for benchmarks, in memory with that queue
 * unbounded.
 */
public final class MosquittoServer extends ProcessServer {

    private final Path dataDir;
    private final boolean unboundedQueue;
    private final String extraConfig;
    private Path binary;

    public MosquittoServer(Endpoint endpoint) {
        this(endpoint, false);
    }

    /**
     * No persistence, and {@code max_queued_messages 0}: a slow subscriber makes the broker hold messages (QoS0 ones
     * too), never drop them, so a benchmark counts only what the clients lose; {@code extraConfig}: more lines of
     * mosquitto.conf (e.g. {@code max_inflight_messages 1000}).
     */
    public static MosquittoServer unboundedInMemory(Endpoint endpoint, String extraConfig) {
        return new MosquittoServer(endpoint, false, true, extraConfig);
    }

    /** {@code durable}: the data directory is emptied once here and kept across {@link #stop()} and restart. */
    public MosquittoServer(Endpoint endpoint, boolean durable) {
        this(endpoint, durable, durable, "");
    }

    private MosquittoServer(Endpoint endpoint, boolean durable, boolean unboundedQueue, String extraConfig) {
        super(endpoint);
        this.unboundedQueue = unboundedQueue;
        this.extraConfig = extraConfig.isBlank() ? "" : extraConfig.strip() + "\n";
        if (durable) {
            dataDir = Path.of(System.getProperty("java.io.tmpdir"), "gmq-servers", "mosquitto-data-" + endpoint.port());
            deleteRecursively(dataDir);
        } else {
            dataDir = null;
        }
    }

    @Override
    public String name() {
        return "Mosquitto";
    }

    @Override
    protected void install() {
        binary = Commands.require("mosquitto", "mosquitto");
    }

    @Override
    protected void prepare(Path workDir) {
        String persistence = (dataDir == null ? "persistence false\n"
                : "persistence true\npersistence_location " + dataDir + "/\n")
                + (unboundedQueue ? "max_queued_messages 0\n" : "") + extraConfig;
        String conf = "listener " + endpoint.port() + " " + endpoint.host() + "\n" + "allow_anonymous true\n" + persistence
                + "log_dest stdout\n" + (Commands.isRoot() ? "user root\n" : "");
        try {
            if (dataDir != null) {
                Files.createDirectories(dataDir);
            }
            Files.writeString(workDir.resolve("mosquitto.conf"), conf);
        } catch (IOException e) {
            throw new ServerException("GMQ-SRV-020 cannot write Mosquitto config in " + workDir + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected List<String> command(Path workDir) {
        return List.of(binary.toString(), "-c", workDir.resolve("mosquitto.conf").toString());
    }
}
