package io.gmq.im.logic.config;

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
}
