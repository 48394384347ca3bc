package io.gmq.gateway.messaging;

import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

import io.smallrye.config.SmallRyeConfigBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code read-pause-us} key of a {@code gmq-mqtt} channel: its default, and a clear error outside its range. */
class MqttEdgeReadPauseConfigTest {

    @Test
    void defaultsToOneHundredMicroseconds() {
        assertThat(MqttEdgeConnector.readPause(config(null), "mqtt-in")).isEqualTo(100);
    }

    @Test
    void zeroTurnsThePauseOff() {
        assertThat(MqttEdgeConnector.readPause(config("0"), "mqtt-in")).isZero();
    }

    @Test
    void aNegativeOrTooLongPauseIsRefusedNamingTheChannel() {
        for (String bad : new String[] { "-1", "5001" }) {
            assertThatThrownBy(() -> MqttEdgeConnector.readPause(config(bad), "mqtt-in"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("channel mqtt-in: read-pause-us must be 0..5000").hasMessageEndingWith(bad);
        }
    }

    private static Config config(String value) {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder();
        if (value != null) {
            builder.withDefaultValue("read-pause-us", value);
        }
        return builder.build();
    }
}
