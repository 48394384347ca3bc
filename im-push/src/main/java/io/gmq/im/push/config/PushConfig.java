package io.gmq.im.push.config;

import java.time.Duration;

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

    /**
     * Kafka consumer session timeout: how long a push instance that died holds its partitions before another takes
     * them over.
     */
    @WithDefault("10s")
    Duration sessionTimeout();

    /** Most records handled (numbered, stored, delivered) as one batch. */
    @WithDefault("500")
    int batchSize();

    /** Messages a room's Redis history keeps (older ones are dropped; recovery past them says so). */
    @WithDefault("1000")
    int roomHistorySize();

    /** Time to live of a room's Redis history after its last message. */
    @WithDefault("24h")
    Duration roomHistoryTtl();

    /** How long the seq given to a message id is remembered, so a redelivered record keeps its seq. */
    @WithDefault("7d")
    Duration sequenceMemory();

    /** Deadline of one delivery call to a comet; a comet that misses it is skipped (its clients recover). */
    @WithDefault("3s")
    Duration cometCallTimeout();

    /** Pause after a failed batch (a store was down) before the same records are tried again. */
    @WithDefault("1s")
    Duration retryBackoff();

    /** Most messages one recovery answer carries. */
    @WithDefault("1000")
    int maxFetch();
}
