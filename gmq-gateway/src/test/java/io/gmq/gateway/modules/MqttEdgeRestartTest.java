package io.gmq.gateway.modules;

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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The MQTT edge at QoS1 against a real, private Mosquitto (persistence on) that is restarted mid-stream: 100,000
 * messages published at the broker's pace all reach the module behind the bridge, and 50,000 bus messages all reach a
 * subscriber on the broker. Duplicates are allowed at QoS1 and reported; one log line marks the outage, one the return.
 */
@QuarkusTest
@TestProfile(MqttEdgeRestartTest.EdgeProfile.class)
@WithTestResource(value = MqttTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = {
        @ResourceArg(name = "private", value = "true"), @ResourceArg(name = "durable", value = "true"),
        @ResourceArg(name = "name", value = "edge") })
class MqttEdgeRestartTest {

    private static final int INBOUND = 100_000;
    private static final int OUTBOUND = 50_000;

    /** Two bridges with their own persistent sessions, and a counting sink behind the inbound one. */
    public static class EdgeProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>();
            // The private broker (EDGE_MQTT_*), beside the usual one the other modules of the test profile use.
            for (String bridge : new String[] { "edge-in", "edge-out" }) {
                config.put("gmq.modules." + bridge + ".host", "${EDGE_MQTT_HOST}");
                config.put("gmq.modules." + bridge + ".port", "${EDGE_MQTT_PORT}");
            }
            config.put("gmq.modules.edge-in.impl", "mqtt-bridge");
            config.put("gmq.modules.edge-in.client-id", "gmq-test-edge-in");
            config.put("gmq.modules.edge-in.inbound[0]", "edge-test/in/#");
            config.put("gmq.modules.edge-in.bus-prefix", "bus/");
            config.put("gmq.modules.edge-in.publish[0]", "bus/edge-test/in/#");
            config.put("gmq.modules.edge-in.reconnect-max", "1s");
            config.put("gmq.modules.edge-sink.impl", "sequence-sink");
            config.put("gmq.modules.edge-sink.subscribe[0]", "bus/edge-test/in/#");
            config.put("gmq.modules.edge-out.impl", "mqtt-bridge");
            config.put("gmq.modules.edge-out.client-id", "gmq-test-edge-out");
            config.put("gmq.modules.edge-out.subscribe[0]", "edge-out/#");
            config.put("gmq.modules.edge-out.strip-prefix", "edge-out/");
            config.put("gmq.modules.edge-out.mqtt-prefix", "edge-test/out/");
            config.put("gmq.modules.edge-out.reconnect-max", "1s");
            config.put("gmq.modules.edge-out.queue.capacity", String.valueOf(OUTBOUND));
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
        Logger.getLogger("io.gmq.module.edge-in").addHandler(capture);
        Logger.getLogger("io.gmq.module.edge-out").addHandler(capture);
        await().atMost(Duration.ofSeconds(15)).until(() -> running("edge-in") && running("edge-out") && running("edge-sink"));
    }

    @AfterEach
    void releaseLogs() {
        Logger.getLogger("io.gmq.module.edge-in").removeHandler(capture);
        Logger.getLogger("io.gmq.module.edge-out").removeHandler(capture);
        broker.ensure();
    }

    @Test
    void everyInboundQos1MessageReachesTheModuleAcrossABrokerRestart() throws Exception {
        SequenceSinkModule.reset("edge-sink");
        SequenceSinkModule.Tally tally = SequenceSinkModule.tally("edge-sink");
        SequencePublisher publisher = new SequencePublisher(vertx, broker.endpoint(), "edge-test/in/seq", INBOUND);
        try {
            var acknowledged = publisher.start();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(2))
                    .until(() -> tally.distinct() >= INBOUND / 4);
            int atRestart = tally.distinct();
            restartBroker();
            acknowledged.get(60, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(tally.distinct())
                    .as("missing, first ones: %s", tally.missing(INBOUND)).isEqualTo(INBOUND));
            System.out.printf("MQTT edge in: %d of %d reached the module, %d duplicates; restart at %d; publisher"
                    + " reconnected %d times%n", tally.distinct(), INBOUND, tally.duplicates(), atRestart,
                    publisher.reconnects());
            assertThat(atRestart).as("the broker restarted mid-stream").isLessThan(INBOUND);
            assertOneOutageLogged("edge-in");
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
    }

    @Test
    void everyOutboundQos1MessageReachesASubscriberAcrossABrokerRestart() throws Exception {
        SequenceSubscriber subscriber = new SequenceSubscriber(vertx, broker.endpoint(), "edge-test/out/#", OUTBOUND);
        try {
            subscriber.start().get(10, TimeUnit.SECONDS);
            long handledBefore = bus.module("edge-out").handled();
            Thread feeder = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < OUTBOUND; i++) {
                    bus.publish(Envelope.text("edge-out/seq", "test", Integer.toString(i)));
                }
            });
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(2))
                    .until(() -> bus.module("edge-out").handled() - handledBefore >= OUTBOUND / 5);
            long handledAtRestart = bus.module("edge-out").handled() - handledBefore;
            restartBroker();
            feeder.join(Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> assertThat(subscriber.distinct())
                    .as("missing, first ones: %s", subscriber.missing()).isEqualTo(OUTBOUND));
            System.out.printf("MQTT edge out: %d of %d reached the subscriber, %d duplicates; restart after %d sent%n",
                    subscriber.distinct(), OUTBOUND, subscriber.duplicates(), handledAtRestart);
            assertThat(handledAtRestart).as("the broker restarted mid-stream").isLessThan(OUTBOUND);
            assertOneOutageLogged("edge-out");
        } finally {
            subscriber.close();
        }
    }

    private void restartBroker() {
        lines.clear();
        broker.stop();
        broker.ensure();
    }

    private void assertOneOutageLogged(String module) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> lines.stream().anyMatch(l -> l.contains("GMQ-MQT-007 module " + module + " back")));
        assertThat(lines.stream().filter(l -> l.contains("GMQ-MQT-002 module " + module + " lost"))).singleElement()
                .asString().contains(broker.endpoint().toString());
        assertThat(lines.stream().filter(l -> l.contains("GMQ-MQT-007 module " + module + " back"))).hasSize(1);
    }

    private boolean running(String name) {
        return bus.module(name) != null && bus.module(name).state() == ModuleState.RUNNING;
    }
}
