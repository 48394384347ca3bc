package io.gmq.gateway.modules.imbridge;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.gmq.gateway.bus.Envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Routing device messages to rooms and what the room message says.
 */
class DeviceRoutesTest {

    private final DeviceRoutes routes = DeviceRoutes.of(List.of(
            new RouteSettings(List.of("mqtt/devices/+/telemetry"), "telemetry"),
            new RouteSettings(List.of("mqtt/devices/#"), "all-devices")), null);

    @Test
    void theFirstMatchingRouteWinsAndUnmatchedTopicsHaveNoRoom() {
        assertThat(routes.room("mqtt/devices/d1/telemetry")).isEqualTo("telemetry");
        assertThat(routes.room("mqtt/devices/d1/status")).isEqualTo("all-devices");
        assertThat(routes.room("other/d1")).isNull();
        assertThat(routes.rooms()).containsExactly("telemetry", "all-devices");
    }

    @Test
    void theBodyNamesTheBrokerTopicAndKeepsPayloadTextAsSent() {
        Envelope fromBroker = Envelope.of("mqtt/devices/d1/telemetry", "mqtt",
                Map.of("mqtt-topic", "devices/d1/telemetry"), "21.5 {topic}".getBytes());
        assertThat(routes.body(fromBroker)).isEqualTo("devices/d1/telemetry: 21.5 {topic}");
        Envelope binary = Envelope.of("mqtt/devices/d1/telemetry", "x", Map.of(), new byte[] { (byte) 0xff, 0 });
        assertThat(routes.body(binary)).isEqualTo("mqtt/devices/d1/telemetry: base64:/wA=");
    }

    @Test
    void aRouteWithoutRoomOrWithABadFilterFailsNamingIt() {
        assertThatThrownBy(() -> DeviceRoutes.of(List.of(new RouteSettings(List.of("a/#"), " ")), null))
                .hasMessageContaining("routes[0].room");
        assertThatThrownBy(() -> DeviceRoutes.of(List.of(new RouteSettings(List.of("a/#/b"), "r")), null))
                .hasMessageContaining("routes[0].topics");
        assertThatThrownBy(() -> DeviceRoutes.of(List.of(), null)).hasMessageContaining("routes");
    }
}
