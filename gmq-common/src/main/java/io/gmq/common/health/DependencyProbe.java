package io.gmq.common.health;

import java.net.URI;

import io.smallrye.mutiny.Uni;

/**
 * One server a service depends on (Kafka, Redis, a datasource...), and a cheap protocol-level check that it answers.
 * Services produce one bean per dependency; {@link DependencyMonitor} probes them all.
 */
public interface DependencyProbe {

    /** Human name used in readiness data and log lines, e.g. "Redis" or "PostgreSQL (datasource postgres)". */
    String name();

    /** Where the server is expected, without credentials. */
    String address();

    /** Completes when the server answered; fails with the reason otherwise. Timeouts are applied by the monitor. */
    Uni<Void> check();

    /** Whether the service uses this server now; one not in use is neither probed nor part of readiness. */
    default boolean inUse() {
        return true;
    }

    /** Removes user info (credentials) from a URL-like address for display. */
    static String redact(String address) {
        if (address == null) {
            return "";
        }
        String first = address.split(",")[0].trim();
        String withoutJdbc = first.startsWith("jdbc:") ? first.substring(5) : first;
        try {
            URI uri = URI.create(withoutJdbc);
            if (uri.getHost() != null) {
                return uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
            }
        } catch (IllegalArgumentException e) {
            // Not a URL (e.g. host:port): shown as configured.
        }
        return first.replaceAll("^[^@/]*@", "");
    }
}
