package io.gmq.im.comet.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Configuration of the IM comet tier (prefix {@code gmq.comet}).
 */
@ConfigMapping(prefix = "gmq.comet")
public interface CometConfig {

    /** This comet's id in session routes; unique per instance (the pod name on Kubernetes). */
    @WithDefault("comet-local")
    String nodeId();

    /** host:port push and logic reach this comet's gRPC server at; unset: advertised-host and the HTTP port. */
    Optional<String> advertisedAddress();

    /** Host part of the advertised address when advertised-address is unset (the pod IP on Kubernetes). */
    @WithDefault("127.0.0.1")
    String advertisedHost();

    /** A connection that sends no frame for this long is closed with HEARTBEAT_TIMEOUT (4002). */
    @WithDefault("60s")
    Duration heartbeatTimeout();

    /** How often the comet renews its sessions' routes and its registry entry with logic. */
    @WithDefault("15s")
    Duration renewInterval();

    /**
     * Frames written to a connection but not yet taken by its socket; beyond it live messages are no longer queued
     * but caught up from storage at the socket's pace (and a socket that takes nothing is closed with 4001).
     */
    @WithDefault("1000")
    int sendQueueLimit();

    /** Largest client frame handled, in bytes; larger ones get a TOO_LARGE error frame. */
    @WithDefault("8192")
    int maxFrameBytes();

    /**
     * Bad frames tolerated per connection and minute before it is closed with TOO_MANY_ERRORS (4501); binary frames
     * count as bad frames.
     */
    @WithDefault("100")
    int maxErrorsPerMinute();

    /**
     * After a connection was closed with TOO_MANY_ERRORS (4501), how long its token is refused: a connection with it
     * is accepted, told {@code disconnect} 4501 and closed with 4501 at once.
     */
    @WithDefault("60s")
    Duration abuseCooldown();

    /** Deadline of a call to logic or push. */
    @WithDefault("5s")
    Duration callTimeout();

    /** Most messages one recovery answer carries. */
    @WithDefault("1000")
    int recoverLimit();
}
