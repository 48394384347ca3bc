package io.gmq.servers;

import java.nio.file.Path;
import java.util.List;

/**
 * Redis from Debian's redis-server package; nothing is kept on disk.
 */
public final class RedisServer extends ProcessServer {

    private Path binary;

    public RedisServer(Endpoint endpoint) {
        super(endpoint);
    }

    @Override
    public String name() {
        return "Redis";
    }

    @Override
    protected void install() {
        binary = Commands.require("redis-server", "redis-server");
    }

    @Override
    protected List<String> command(Path workDir) {
        return List.of(binary.toString(), "--port", String.valueOf(endpoint.port()), "--bind", endpoint.host(), "--save", "",
                "--appendonly", "no", "--daemonize", "no", "--dir", workDir.toString());
    }
}
