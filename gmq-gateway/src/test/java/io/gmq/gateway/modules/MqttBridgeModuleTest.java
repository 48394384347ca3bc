package io.gmq.gateway.modules;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.gmq.gateway.bus.Envelope;
import io.gmq.gateway.bus.MessageBus;
import io.gmq.gateway.config.GatewayConfig;
import io.gmq.gateway.module.CollectorModule;
import io.gmq.servers.Commands;
import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The MQTT bridge against the real broker, driven by Mosquitto's own command-line clients.
 */
@QuarkusTest
class MqttBridgeModuleTest {

    @Inject
    GatewayConfig config;

    @Inject
    MessageBus bus;

    @Test
    void aMessageFromMosquittoPubReachesAModule() {
        String host = config.mqtt().host();
        String port = String.valueOf(config.mqtt().port());
        Commands.Result pub = Commands.run(List.of("mosquitto_pub", "-h", host, "-p", port, "-q", "1", "-t",
                "gmq-test/devices/d1/telemetry", "-m", "21.5"), Map.of(), 10);
        assertThat(pub.ok()).as(pub.output()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> CollectorModule.handled("device-sink").stream()
                .anyMatch(e -> e.topic().equals("mqtt/gmq-test/devices/d1/telemetry") && e.payloadText().equals("21.5")));
    }

    @Test
    void aModuleOutputReachesMosquittoSub() throws Exception {
        String host = config.mqtt().host();
        String port = String.valueOf(config.mqtt().port());
        CompletableFuture<Commands.Result> sub = CompletableFuture.supplyAsync(() -> Commands.run(List.of("mosquitto_sub",
                "-h", host, "-p", port, "-t", "gmq-test/commands/#", "-C", "1", "-W", "15", "-v"), Map.of(), 20));
        Thread.sleep(700); // let the subscriber connect before publishing
        bus.publish(Envelope.text("to-device/d1/reboot", "test", "now"));
        assertThat(sub.get().output().strip()).isEqualTo("gmq-test/commands/d1/reboot now");
    }
}
