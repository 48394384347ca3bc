package io.gmq.gateway.modules;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.gmq.gateway.bus.Envelope;
import io.gmq.gateway.bus.MessageBus;
import io.gmq.gateway.module.ModuleState;
import io.gmq.servers.Commands;
import io.gmq.servers.ManagedServer;
import io.gmq.servers.ServerKind;
import io.gmq.servers.test.InjectServer;
import io.gmq.servers.test.MqttTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;

import static io.quarkus.test.common.http.TestHTTPResourceManager.getManagementUri;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The MQTT edge channels (gmq-mqtt) at QoS1 against a real, private Mosquitto (persistence on) restarted mid-stream:
 * 100,000 messages published at the broker's pace all reach the module behind the edge (a reload of that module in
 * the middle too), and 50,000 bus messages all reach {@code mosquitto_sub}. Duplicates are allowed at QoS1 and
 * reported; one log line marks the outage, one the return.
 */
@QuarkusTest
@TestProfile(MqttEdgeRestartTest.EdgeProfile.class)
@WithTestResource(value = MqttTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = {
        @ResourceArg(name = "private", value = "true"), @ResourceArg(name = "durable", value = "true"),
        @ResourceArg(name = "name", value = "edge") })
class MqttEdgeRestartTest {

    private static final int INBOUND = 100_000;
    private static final int OUTBOUND = 50_000;
    private static final String EDGE_LOG = "io.gmq.gateway.messaging.MqttEdgeConnector";
    private static final Path RELOAD_FILE = Path.of("target/edge-reload/modules.yaml");

    /** The MQTT edge channels moved to the private broker, and a counting sink behind the inbound one. */
    public static class EdgeProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>();
            // The private broker (EDGE_MQTT_*), beside the usual one the modules of the test profile use.
            for (String channel : new String[] { "incoming.mqtt-in", "outgoing.mqtt-out" }) {
                config.put("mp.messaging." + channel + ".host", "${EDGE_MQTT_HOST}");
                config.put("mp.messaging." + channel + ".port", "${EDGE_MQTT_PORT}");
                config.put("mp.messaging." + channel + ".reconnect-max", "1s");
            }
            config.put("mp.messaging.incoming.mqtt-in.topic", "edge-test/in/#");
            config.put("gmq.mqtt-edge.bus-prefix", "bus/");
            config.put("gmq.modules.edge-sink.impl", "sequence-sink");
            config.put("gmq.modules.edge-sink.subscribe[0]", "bus/edge-test/in/#");
            config.put("mp.messaging.incoming.bus-to-mqtt.subscribe", "edge-out/#");
            config.put("mp.messaging.incoming.bus-to-mqtt.queue.capacity", String.valueOf(OUTBOUND));
            config.put("gmq.mqtt-edge.strip-prefix", "edge-out/");
            config.put("gmq.mqtt-edge.mqtt-prefix", "edge-test/out/");
            config.put("gmq.gateway.reload.file", RELOAD_FILE.toString());
            return config;
        }
    }

    @InjectServer(value = ServerKind.MQTT, name = "edge")
    ManagedServer broker;

    @Inject
    Vertx vertx;

    @Inject
    MessageBus bus;

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(record.getParameters() == null ? record.getMessage()
                    : String.format(record.getMessage(), record.getParameters()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureBridgeLogs() {
        Logger.getLogger(EDGE_LOG).addHandler(capture);
        await().atMost(Duration.ofSeconds(15)).until(() -> running("edge-sink"));
    }

    @AfterEach
    void releaseLogs() {
        Logger.getLogger(EDGE_LOG).removeHandler(capture);
        broker.ensure();
    }

    @Test
    void everyInboundQos1MessageReachesTheModuleAcrossABrokerRestartAndAReload() throws Exception {
        SequenceSinkModule.reset("edge-sink");
        SequenceSinkModule.Tally tally = SequenceSinkModule.tally("edge-sink");
        SequencePublisher publisher = new SequencePublisher(vertx, broker.endpoint(), "edge-test/in/seq", INBOUND);
        try {
            var acknowledged = publisher.start();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(2))
                    .until(() -> tally.distinct() >= INBOUND / 4);
            int atRestart = tally.distinct();
            restartBroker();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(2))
                    .until(() -> tally.distinct() >= INBOUND / 2);
            // A reload in the middle: the sink's declaration changes, so it alone restarts; its queue keeps the flow.
            long restarts = bus.module("edge-sink").restarts();
            int atReload = tally.distinct();
            reloadSink();
            await().atMost(Duration.ofSeconds(20)).until(() -> bus.module("edge-sink").restarts() > restarts);
            acknowledged.get(60, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(tally.distinct())
                    .as("missing, first ones: %s", tally.missing(INBOUND)).isEqualTo(INBOUND));
            System.out.printf("MQTT edge in: %d of %d reached the module, %d duplicates; restart at %d, reload at %d;"
                    + " publisher reconnected %d times%n", tally.distinct(), INBOUND, tally.duplicates(), atRestart,
                    atReload, publisher.reconnects());
            assertThat(atRestart).as("the broker restarted mid-stream").isLessThan(INBOUND);
            assertThat(atReload).as("the sink reloaded mid-stream").isLessThan(INBOUND);
            assertOneOutageLogged("mqtt-in");
        } finally {
            publisher.close();
        }
    }

    /** Issue 10: a burst from mosquitto_pub at QoS0 used to arrive 47 of 1,000 (the bridge's connection dropped). */
    @Test
    void aQos0BurstFromMosquittoPubArrivesWhole() throws Exception {
        int count = 10_000;
        SequenceSinkModule.reset("edge-sink");
        SequenceSinkModule.Tally tally = SequenceSinkModule.tally("edge-sink");
        Commands.Result pub = Commands.run(List.of("sh", "-c", "seq 0 " + (count - 1) + " | mosquitto_pub -h "
                + broker.endpoint().host() + " -p " + broker.endpoint().port() + " -q 0 -l -t edge-test/in/burst"),
                Map.of(), 60);
        assertThat(pub.ok()).as(pub.output()).isTrue();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(tally.distinct())
                .as("missing, first ones: %s", tally.missing(count)).isEqualTo(count));
        assertThat(tally.duplicates()).isZero();
        assertThat(lines).noneMatch(l -> l.contains("GMQ-MQT-002"));
        // The read pause (on by default) is visible live; a small read (the SUBACK at the latest) starts with one.
        String metrics = given().baseUri(getManagementUri()).get("/metrics").then().statusCode(200).extract().asString();
        assertThat(pauses(metrics, "read")).isPositive();
        assertThat(pauses(metrics, "backpressure")).isNotNegative();
    }

    /** {@code gmq_mqtt_edge_pauses_total} of channel mqtt-in for one cause; -1 when the line is missing. */
    private static double pauses(String metrics, String cause) {
        String prefix = "gmq_mqtt_edge_pauses_total{cause=\"" + cause + "\",channel=\"mqtt-in\"} ";
        return metrics.lines().filter(l -> l.startsWith(prefix))
                .mapToDouble(l -> Double.parseDouble(l.substring(prefix.length())))
                .findFirst().orElse(-1);
    }

    @Test
    void everyOutboundQos1MessageReachesASubscriberAcrossABrokerRestart() throws Exception {
        SequenceSubscriber subscriber = new SequenceSubscriber(broker.endpoint(), "edge-test/out/#", OUTBOUND);
        try {
            subscriber.start().get(10, TimeUnit.SECONDS);
            Thread feeder = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < OUTBOUND; i++) {
                    bus.publish(Envelope.text("edge-out/seq", "test", Integer.toString(i)));
                }
            });
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(2))
                    .until(() -> subscriber.distinct() >= OUTBOUND / 5);
            long handledAtRestart = subscriber.distinct();
            restartBroker();
            feeder.join(Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> assertThat(subscriber.distinct())
                    .as("missing, first ones: %s", subscriber.missing()).isEqualTo(OUTBOUND));
            System.out.printf("MQTT edge out: %d of %d reached the subscriber, %d duplicates; restart after %d received%n",
                    subscriber.distinct(), OUTBOUND, subscriber.duplicates(), handledAtRestart);
            assertThat(handledAtRestart).as("the broker restarted mid-stream").isLessThan(OUTBOUND);
            assertOneOutageLogged("mqtt-out");
        } finally {
            subscriber.close();
        }
    }

    private static void reloadSink() throws Exception {
        Files.createDirectories(RELOAD_FILE.getParent());
        Path tmp = RELOAD_FILE.resolveSibling("modules.tmp");
        Files.writeString(tmp, """
                gmq:
                  modules:
                    edge-sink:
                      queue:
                        capacity: %d
                """.formatted(INBOUND + System.nanoTime() % 1000));
        Files.move(tmp, RELOAD_FILE, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void restartBroker() {
        lines.clear();
        broker.stop();
        broker.ensure();
    }

    private void assertOneOutageLogged(String channel) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> lines.stream().anyMatch(l -> l.contains("GMQ-MQT-007 channel " + channel + " back")));
        assertThat(lines.stream().filter(l -> l.contains("GMQ-MQT-002 channel " + channel + " lost"))).singleElement()
                .asString().contains(broker.endpoint().toString());
        assertThat(lines.stream().filter(l -> l.contains("GMQ-MQT-007 channel " + channel + " back"))).hasSize(1);
    }

    private boolean running(String name) {
        return bus.module(name) != null && bus.module(name).state() == ModuleState.RUNNING;
    }
}
