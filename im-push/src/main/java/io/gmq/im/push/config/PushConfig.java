package io.gmq.im.push.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Configuration of the IM push tier (prefix {@code gmq.push}).
 */
@ConfigMapping(prefix = "gmq.push")
public interface PushConfig {

    /** Kafka topic consumed: messages accepted by im-logic, keyed by conversation. */
    @WithDefault("im-messages")
    String messagesTopic();

    /** Kafka consumer group shared by all push instances (partitions are spread across them). */
    @WithDefault("im-push")
    String consumerGroup();

    /** MongoDB database holding personal, group, broadcast and multicast messages. */
    @WithDefault("gmq")
    String database();
}
