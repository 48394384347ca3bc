package io.gmq.servers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A MongoDB-wire-compatible server (mongo-java-server, in memory) from gmq-mongo-dist, run as a separate JVM.
 * Not supported by it: TTL expiry, transactions, change streams; production points at real MongoDB.
 */
public final class MongoServer extends ProcessServer {

    private Path lib;

    public MongoServer(Endpoint endpoint) {
        super(endpoint);
    }

    @Override
    public String name() {
        return "MongoDB";
    }

    @Override
    protected void install() {
        lib = GmqRoot.distLib("mongo-dist");
    }

    /**
     * The stand-in keeps every document in its heap: 512 MiB holds the tests' data, while a long benchmark needs more
     * ({@code GMQ_MONGODB_JVM}, set by {@code ./gmq bench}); a full heap stalls it in back-to-back collections.
     */
    @Override
    protected List<String> command(Path workDir) {
        List<String> command = new ArrayList<>(List.of(GmqRoot.javaExecutable()));
        String jvm = System.getenv().getOrDefault("GMQ_MONGODB_JVM", "").strip();
        command.addAll(jvm.isEmpty() ? List.of("-Xmx512m", "-XX:+UseSerialGC") : List.of(jvm.split("\\s+")));
        command.addAll(List.of("-XX:+ExitOnOutOfMemoryError", "-cp",
                lib.resolve("*") + java.io.File.pathSeparator + lib.resolveSibling("classes"),
                "io.gmq.servers.mongo.MongoMain", endpoint.host(), String.valueOf(endpoint.port())));
        return command;
    }
}
