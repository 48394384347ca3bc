package io.gmq.im.it;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
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
 * The gateway's IM bridge between a real Mosquitto and the real IM tiers (Kafka in between): a device's MQTT
 * message appears in a room as the bot's message to a user on another comet; that user's {@code /cmd d1 on} reaches
 * the device's command topic on the broker, a stranger's does not, and one written while the module restarts is
 * recovered by seq; a message the IM refuses is failed and logged, not retried for ever.
 */
class ImBridgeIT extends StackTest {

    private ManagedServer mosquitto;
    private Endpoint broker;
    private GatewayProcess gateway;
    private String room;
    private String bot;
    private String aliceToken;
    private String malloryToken;
    private String prefix;

    @BeforeAll
    void startGateway() throws Exception {
        mosquitto = SharedServers.acquire(ServerKind.MQTT, ServerKind.MQTT.configuredEndpoint());
        broker = mosquitto.endpoint();
        room = stack.id("imb-room");
        bot = stack.id("imb-bot");
        String alice = stack.id("imb-alice");
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
                      inbound: [P/devices/+/telemetry, P/devices/+/status]
                      strip-prefix: to-device/
                      client-id: P-gateway
                      clean-session: true
                    im:
                      impl: im-bridge
                      subscribe: [mqtt/P/devices/+/telemetry, mqtt/P/devices/+/status]
                      publish: [to-device/#]
                      comet-url: ws://127.0.0.1:COMET/ws
                      logic-url: http://127.0.0.1:LOGIC
                      user: BOT
                      password: ${IM_BRIDGE_PASSWORD}
                      routes:
                        - topics: [mqtt/P/devices/+/telemetry]
                          room: ROOM
                        - topics: [mqtt/P/devices/+/status]
                          room: ROOM-missing
                      command-topic: to-device/P/devices/{device}/cmd
                      command-users: [ALICE]
                      reconnect-max: 2s
                """.replace("P/", prefix + "/").replace("P-", prefix + "-").replace("COMET", stack.port("comet1") + "")
                .replace("LOGIC", stack.port("logic") + "").replace("BOT", bot).replace("ROOM", room)
                .replace("ALICE", alice);
        gateway = GatewayProcess.start(Path.of("target/im-it/gateway-" + stack.run), modules,
                Map.of("MQTT_HOST", broker.host(), "MQTT_PORT", Integer.toString(broker.port()), "IM_BRIDGE_PASSWORD",
                        "password-" + bot));
        gateway.awaitLog("GMQ-MQT-001 module mqtt", Duration.ofSeconds(30));
        assertThat(gateway.awaitLog("GMQ-IMB-001", Duration.ofSeconds(30))).contains(bot).contains(room);
        assertThat(gateway.log()).contains("GMQ-IMB-003 module im: " + bot + " may not join room " + room + "-missing");
    }

    @AfterAll
    void stopGateway() throws Exception {
        if (gateway != null) {
            gateway.close();
            assertThat(gateway.log()).contains("GMQ-IMB-015 module im stopped")
                    .doesNotContain("GMQ-IMB-011", "GMQ-IMB-012", "GMQ-IMB-013");
        }
        if (mosquitto != null) {
            SharedServers.release(ServerKind.MQTT, mosquitto);
        }
    }

    @Test
    void aDeviceMessageOnTheBrokerAppearsInTheRoomFromTheBot() throws Exception {
        try (WsClient client = WsClient.connect(stack.ws("comet2"), aliceToken)) {
            client.awaitType("welcome");
            mosquitto("-t", prefix + "/devices/d1/telemetry", "-m", "21.5");
            JsonNode message = client.await(f -> "message".equals(f.path("type").asText())
                    && room.equals(f.path("room").asText()), Duration.ofSeconds(20));
            assertThat(message.path("from").asText()).isEqualTo(bot);
            assertThat(message.path("conversation").asText()).isEqualTo("r:" + room);
            assertThat(message.path("body").asText()).isEqualTo(prefix + "/devices/d1/telemetry: 21.5");
        }
    }

    @Test
    void aDeviceMessageWhileTheBotIsKickedWaitsAndArrivesOnceAfterItReconnects() throws Exception {
        try (WsClient client = WsClient.connect(stack.ws("comet2"), aliceToken)) {
            client.awaitType("welcome");
            ImApi.expect(200, api.call("POST", "/api/v1/admin/kick/" + bot, api.adminToken, null));
            assertThat(gateway.awaitLog("GMQ-IMB-002", Duration.ofSeconds(10))).contains("4500");
            mosquitto("-t", prefix + "/devices/d4/telemetry", "-m", "while-away");
            assertThat(gateway.awaitLog("GMQ-IMB-005", Duration.ofSeconds(10))).contains("not connected");
            JsonNode message = client.await(f -> f.path("body").asText().endsWith("while-away"), Duration.ofSeconds(20));
            assertThat(message.path("from").asText()).isEqualTo(bot);
            assertThat(gateway.awaitLog("GMQ-IMB-006", Duration.ofSeconds(5))).contains("took held message");
            Thread.sleep(500);
            assertThat(client.messages("r:" + room)).filteredOn(f -> f.path("body").asText().endsWith("while-away"))
                    .hasSize(1);
        }
    }

    @Test
    void aDeviceMessageTheImRefusesIsFailedAndLoggedOnceNotRetried() throws Exception {
        mosquitto("-t", prefix + "/devices/d9/status", "-m", "up");
        assertThat(gateway.awaitLog("GMQ-IMB-004", Duration.ofSeconds(20))).contains("GMQ-MOD-005 module im")
                .contains("room " + room + "-missing").contains("1007");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> gateway.admin("GET", "/admin/modules/im")
                .contains("\"failed\":1"));
        assertThat(gateway.log().lines().filter(l -> l.contains("GMQ-IMB-004"))).hasSize(1);
    }

    @Test
    void aRoomCommandReachesTheDevicesCommandTopicAndAStrangersDoesNot() throws Exception {
        try (Subscriber subscriber = Subscriber.start(broker, prefix + "/devices/+/cmd");
                WsClient alice = WsClient.connect(stack.ws("comet2"), aliceToken);
                WsClient mallory = WsClient.connect(stack.ws("comet1"), malloryToken)) {
            say(mallory, "m1", "/cmd d2 off");
            assertThat(gateway.awaitLog("GMQ-IMB-008", Duration.ofSeconds(20))).contains("is not in command-users");
            say(alice, "a1", "/cmd d1 on");
            subscriber.await(prefix + "/devices/d1/cmd on");
            assertThat(subscriber.lines).noneMatch(l -> l.contains("/devices/d2/cmd"));
        }
    }

    @Test
    void aCommandWrittenWhileTheModuleRestartsIsRecoveredBySeq() throws Exception {
        try (Subscriber subscriber = Subscriber.start(broker, prefix + "/devices/d3/cmd");
                WsClient alice = WsClient.connect(stack.ws("comet2"), aliceToken)) {
            say(alice, "r1", "/cmd d3 ping");
            subscriber.await(prefix + "/devices/d3/cmd ping");
            gateway.admin("POST", "/admin/modules/im/stop");
            say(alice, "r2", "/cmd d3 reboot");
            gateway.admin("POST", "/admin/modules/im/start");
            subscriber.await(prefix + "/devices/d3/cmd reboot");
            assertThat(subscriber.lines).filteredOn(l -> l.endsWith("/cmd reboot") || l.endsWith("/cmd ping"))
                    .hasSize(2);
        }
    }

    /** Sends a room message as this client and waits for its ack. */
    private void say(WsClient client, String cid, String body) {
        client.awaitType("welcome");
        client.send(WsClient.frame("send").put("cid", cid).put("kind", "room").put("room", room).put("body", body));
        client.await(f -> "ack".equals(f.path("type").asText()) && cid.equals(f.path("cid").asText()),
                Duration.ofSeconds(15));
    }

    private void mosquitto(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("mosquitto_pub", "-h", broker.host(), "-p",
                Integer.toString(broker.port()), "-q", "1"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(new String(process.getInputStream().readAllBytes())).isZero();
    }

    /** {@code mosquitto_sub -v} on a device topic, subscribed (SUBACK seen) when {@link #start} returns. */
    private record Subscriber(Process process, List<String> lines) implements AutoCloseable {

        static Subscriber start(Endpoint broker, String filter) throws Exception {
            // Line-buffered: "received SUBACK" must show while it runs, not when it exits.
            Process process = new ProcessBuilder("stdbuf", "-oL", "mosquitto_sub", "-d", "-h", broker.host(), "-p",
                    Integer.toString(broker.port()), "-q", "1", "-t", filter, "-v", "-W", "60").redirectErrorStream(true)
                    .start();
            List<String> lines = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> subscribed = new CompletableFuture<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            Thread.ofVirtual().start(() -> reader.lines().forEach(line -> {
                lines.add(line);
                if (line.contains("received SUBACK")) {
                    subscribed.complete(null);
                }
            }));
            subscribed.get(10, TimeUnit.SECONDS);
            return new Subscriber(process, lines);
        }

        void await(String line) {
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> lines.contains(line));
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
