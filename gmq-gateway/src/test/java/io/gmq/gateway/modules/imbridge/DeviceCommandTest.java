package io.gmq.gateway.modules.imbridge;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What counts as a command, and that no command can reach a topic outside its device's.
 */
class DeviceCommandTest {

    @Test
    void aCommandNamesItsDeviceAndKeepsItsText() throws Exception {
        assertThat(DeviceCommand.addressed("/cmd d1 on", "/cmd")).isTrue();
        DeviceCommand command = DeviceCommand.parse("/cmd  d1   set level 3 ", "/cmd");
        assertThat(command).isEqualTo(new DeviceCommand("d1", "set level 3"));
        assertThat(command.topic("to-device/devices/{device}/cmd", "lab")).isEqualTo("to-device/devices/d1/cmd");
    }

    @Test
    void ordinaryChatIsNotAddressedToTheBridge() {
        assertThat(DeviceCommand.addressed("/cmdx d1 on", "/cmd")).isFalse();
        assertThat(DeviceCommand.addressed("hello /cmd d1 on", "/cmd")).isFalse();
    }

    @Test
    void aDeviceNameCannotLeaveItsTopicLevel() {
        assertThatThrownBy(() -> DeviceCommand.parse("/cmd d1/../x on", "/cmd")).hasMessageContaining("d1/../x");
        assertThatThrownBy(() -> DeviceCommand.parse("/cmd # on", "/cmd")).hasMessageContaining("'#'");
        assertThatThrownBy(() -> DeviceCommand.parse("/cmd + on", "/cmd")).hasMessageContaining("'+'");
        assertThatThrownBy(() -> DeviceCommand.parse("/cmd d1", "/cmd")).hasMessageContaining("<device> <text>");
    }
}
