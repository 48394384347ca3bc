package io.gmq.im.it;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.gmq.servers.Endpoint;
import io.gmq.servers.ManagedServer;
import io.gmq.servers.ServerKind;
import io.gmq.servers.SharedServers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's IM bridge between a real Mosquitto and the real IM tiers: a device's MQTT message appears in a room
 * as the bot's message to a user on another comet, and that user's {@code /cmd d1 on} reaches the device's command
 * topic on the broker; a member outside {@code command-users} is refused.
 */
class ImBridgeIT extends StackTest {

    private ManagedServer mosquitto;
    private Endpoint broker;
    private GatewayProcess gateway;
    private String room;
    private String bot;
    private String alice;
    private String aliceToken;
    private String malloryToken;
    private String prefix;

    @BeforeAll
    void startGateway() throws Exception {
        mosquitto = SharedServers.acquire(ServerKind.MQTT, ServerKind.MQTT.configuredEndpoint());
        broker = mosquitto.endpoint();
        room = stack.id("imb-room");
        bot = stack.id("imb-bot");
        alice = stack.id("imb-alice");
        prefix = "imb-" + stack.run;
        api.room(room, null);
        api.user(bot);
        aliceToken = api.user(alice);
        malloryToken = api.user(stack.id("imb-mallory"));
        api.join(aliceToken, room);
        api.join(malloryToken, room);
        String modules = """
                gmq:
                  modules:
                    mqtt:
                      impl: mqtt-bridge
                      subscribe: [to-device/#]
                      publish: [mqtt/#]
                      inbound: [P/devices/+/telemetry]
                      strip-prefix: to-device/
                      client-id: P-gateway
                      clean-session: true
                    im:
                      impl: im-bridge
                      subscribe: [mqtt/P/devices/+/telemetry]
                      publish: [to-device/#]
                      comet-url: ws://127.0.0.1:COMET/ws
                      logic-url: http://127.0.0.1:LOGIC
                      user: BOT
                      password: ${IM_BRIDGE_PASSWORD}
                      routes:
                        - topics: [mqtt/P/devices/+/telemetry]
                          room: ROOM
                      command-topic: to-device/P/devices/{device}/cmd
                      command-users: [ALICE]
                """.replace("P/", prefix + "/").replace("P-", prefix + "-").replace("COMET", stack.port("comet1") + "")
                .replace("LOGIC", stack.port("logic") + "").replace("BOT", bot).replace("ROOM", room)
                .replace("ALICE", alice);
        gateway = GatewayProcess.start(Path.of("target/im-it/gateway-" + stack.run), modules,
                Map.of("MQTT_HOST", broker.host(), "MQTT_PORT", Integer.toString(broker.port()), "IM_BRIDGE_PASSWORD",
                        "password-" + bot));
        gateway.awaitLog("GMQ-MQT-001 module mqtt", Duration.ofSeconds(30));
        assertThat(gateway.awaitLog("GMQ-IMB-001", Duration.ofSeconds(30))).contains(bot).contains(room);
    }

    @AfterAll
    void stopGateway() throws Exception {
        if (gateway != null) {
            gateway.close();
            assertThat(gateway.log()).contains("GMQ-IMB-015 module im stopped: 1 device messages into rooms, 0 refused");
        }
        if (mosquitto != null) {
            SharedServers.release(ServerKind.MQTT, mosquitto);
        }
    }

    @Test
    void aDeviceMessageOnTheBrokerAppearsInTheRoomFromTheBot() throws Exception {
        try (WsClient client = WsClient.connect(stack.ws("comet2"), aliceToken)) {
            client.awaitType("welcome");
            mosquitto("mosquitto_pub", "-q", "1", "-t", prefix + "/devices/d1/telemetry", "-m", "21.5");
            JsonNode message = client.await(f -> "message".equals(f.path("type").asText())
                    && room.equals(f.path("room").asText()), Duration.ofSeconds(20));
            assertThat(message.path("from").asText()).isEqualTo(bot);
            assertThat(message.path("conversation").asText()).isEqualTo("r:" + room);
            assertThat(message.path("body").asText()).isEqualTo(prefix + "/devices/d1/telemetry: 21.5");
        }
    }

    @Test
    void aRoomCommandReachesTheDevicesCommandTopicAndAStrangersDoesNot() throws Exception {
        // Line-buffered: "received SUBACK" must show while it runs, not when it exits.
        Process subscriber = new ProcessBuilder("stdbuf", "-oL", "mosquitto_sub", "-d", "-h", broker.host(), "-p",
                Integer.toString(broker.port()), "-q", "1", "-t", prefix + "/devices/+/cmd", "-v", "-W", "30")
                .redirectErrorStream(true).start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(subscriber.getInputStream(),
                StandardCharsets.UTF_8));
        List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        CompletableFuture<Void> subscribed = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> lines.lines().forEach(line -> {
            received.add(line);
            if (line.contains("received SUBACK")) {
                subscribed.complete(null);
            }
        }));
        try (WsClient alice = WsClient.connect(stack.ws("comet2"), aliceToken);
                WsClient mallory = WsClient.connect(stack.ws("comet1"), malloryToken)) {
            subscribed.get(10, TimeUnit.SECONDS);
            mallory.awaitType("welcome");
            mallory.send(WsClient.frame("send").put("cid", "m1").put("kind", "room").put("room", room)
                    .put("body", "/cmd d2 off"));
            assertThat(mallory.awaitType("ack").path("cid").asText()).isEqualTo("m1");
            assertThat(gateway.awaitLog("GMQ-IMB-008", Duration.ofSeconds(20))).contains("is not in command-users");

            alice.awaitType("welcome");
            alice.send(WsClient.frame("send").put("cid", "a1").put("kind", "room").put("room", room)
                    .put("body", "/cmd d1 on"));
            assertThat(alice.awaitType("ack").path("cid").asText()).isEqualTo("a1");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> received.contains(prefix + "/devices/d1/cmd on"));
            assertThat(received).noneMatch(l -> l.contains("/devices/d2/cmd"));
        } finally {
            subscriber.destroy();
            subscriber.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void mosquitto(String tool, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(tool, "-h", broker.host(), "-p",
                Integer.toString(broker.port())));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(new String(process.getInputStream().readAllBytes())).isZero();
    }
}
