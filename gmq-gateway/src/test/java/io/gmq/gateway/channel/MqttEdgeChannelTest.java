package io.gmq.gateway.channel;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The edge's outgoing prefix is part of every topic name it publishes: a wildcard in it refuses the start. */
class MqttEdgeChannelTest {

    @Test
    void aWildcardInTheOutgoingPrefixIsRefused() {
        for (String prefix : new String[] { "bench/#/", "bench/+/" }) {
            assertThatThrownBy(() -> new MqttEdgeChannel(Optional.of("mqtt/"), Optional.empty(), Optional.of(prefix)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GMQ-MQT-013")
                    .hasMessageContaining(prefix);
        }
        assertThatNoException()
                .isThrownBy(() -> new MqttEdgeChannel(Optional.of("mqtt/"), Optional.empty(), Optional.of("bench/")));
    }
}
