package io.gmq.im.logic.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Configuration of the IM logic tier (prefix {@code gmq.logic}).
 */
@ConfigMapping(prefix = "gmq.logic")
public interface LogicConfig {

    /** Kafka topic that accepted messages are produced to, keyed by conversation. */
    @WithDefault("im-messages")
    String messagesTopic();

    /** How long a produce may wait for Kafka's acknowledgement before the send is refused as UNAVAILABLE. */
    @WithDefault("5s")
    Duration produceTimeout();

    /** Time to live of a user's routes and of a comet's registry entry; comets renew them well within it. */
    @WithDefault("60s")
    Duration routeTtl();

    /** How long a client message id is remembered for de-duplication. */
    @WithDefault("24h")
    Duration clientIdTtl();

    /** Largest message body, in UTF-8 bytes. */
    @WithDefault("4096")
    int maxBodyBytes();

    /** Most users one multicast may address. */
    @WithDefault("500")
    int maxRecipients();

    /** Lifetime of the tokens login issues. */
    @WithDefault("12h")
    Duration tokenTtl();

    /** Whether anyone may create an account with POST /api/v1/register (otherwise only an admin creates users). */
    @WithDefault("false")
    boolean registration();

    /** Password of the built-in "admin" user: when set, the user is created at start, or reset to it. */
    Optional<String> adminPassword();

    /** Public rooms created at start when missing. */
    @WithDefault("lobby")
    List<String> publicRooms();

    /** PBKDF2-HMAC-SHA256 iterations for new password hashes. */
    @WithDefault("210000")
    int passwordIterations();

    /** WebSocket URL of a comet as browsers reach it (the chat page connects there). */
    @WithDefault("ws://127.0.0.1:8081/ws")
    String cometPublicUrl();

    /** Deadline of a call to a comet (kick). */
    @WithDefault("3s")
    Duration cometCallTimeout();
}
