package io.gmq.servers;

import java.net.URI;

/**
 * A host and port where a server listens, parsed from the same environment variables the services read.
 */
public record Endpoint(String host, int port) {

    /** Parses {@code host:port}, {@code scheme://host:port/...} or {@code jdbc:scheme://host:port/...}. */
    public static Endpoint parse(String value, int defaultPort) {
        String v = value.trim();
        if (v.startsWith("jdbc:")) {
            v = v.substring(5);
        }
        if (!v.contains("://")) {
            v = "tcp://" + v.split(",")[0];
        }
        URI uri = URI.create(v);
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("GMQ-SRV-001 no host in address '" + value + "'");
        }
        return new Endpoint(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : defaultPort);
    }

    public Endpoint withPort(int newPort) {
        return new Endpoint(host, newPort);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
