package io.gmq.servers;

import java.nio.file.Path;
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

    @Override
    protected List<String> command(Path workDir) {
        return List.of(GmqRoot.javaExecutable(), "-Xmx512m", "-XX:+UseSerialGC", "-cp",
                lib.resolve("*") + java.io.File.pathSeparator + lib.resolveSibling("classes"),
                "io.gmq.servers.mongo.MongoMain", endpoint.host(), String.valueOf(endpoint.port()));
    }
}
