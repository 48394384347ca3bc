package io.gmq.gateway.config;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one drain deadline of a graceful shutdown: modules, bus channels and the MQTT edge all drain within
 * {@code gmq.gateway.shutdown.drain-timeout} from the moment the first of them starts, not one timeout each (which
 * made a stop take a multiple of it, past the pod's grace period).
 */
@ApplicationScoped
public class ShutdownDeadline {

    private final Duration drain;
    private long deadline;

    public ShutdownDeadline(GatewayConfig config) {
        this.drain = config.shutdown().drainTimeout();
    }

    /** What is left of the drain timeout; the first call starts it. */
    public synchronized Duration remaining() {
        if (deadline == 0) {
            deadline = System.nanoTime() + drain.toNanos();
        }
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }
}
