package io.gmq.gateway.config;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Configuration of the GMQ gateway runtime (prefix {@code gmq.gateway}).
 */
@ConfigMapping(prefix = "gmq.gateway")
public interface GatewayConfig {

    /** The MQTT broker the device bridge connects to. */
    Mqtt mqtt();

    interface Mqtt {
        /** Broker host name or address. */
        @WithDefault("127.0.0.1")
        String host();

        /** Broker port (1883 plain, 8883 TLS). */
        @WithDefault("1883")
        int port();

        /** User name, when the broker requires one. */
        Optional<String> username();

        /** Password, when the broker requires one; from the environment, never committed. */
        Optional<String> password();
    }
}
