package io.gmq.gateway.modules.mqtt;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.gmq.servers.Endpoint;
import io.gmq.servers.MosquittoServer;
import io.gmq.servers.Ports;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.messages.MqttPublishMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A broker that is not up yet when a session starts: a channel's session ({@code startRetrying}) connects once the
 * broker comes, while a module's ({@code start}) fails at once so that its supervisor can report and restart it.
 */
class BrokerSessionTest {

    private static final Logger LOG = Logger.getLogger(BrokerSessionTest.class);

    private final Vertx vertx = Vertx.vertx();
    private MosquittoServer broker;
    private BrokerSession session;

    @AfterEach
    void stop() throws Exception {
        if (session != null) {
            session.stop().get(5, TimeUnit.SECONDS);
        }
        if (broker != null) {
            broker.stop();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void aChannelSessionConnectsOnceTheBrokerComesUp() throws Exception {
        Endpoint endpoint = new Endpoint("127.0.0.1", Ports.freePort());
        session = session(endpoint);
        CompletableFuture<Void> first = session.startRetrying();

        TimeUnit.MILLISECONDS.sleep(600);
        assertThat(first).as("no broker yet").isNotDone();
        broker = MosquittoServer.unboundedInMemory(endpoint, "");
        broker.ensure();

        first.get(10, TimeUnit.SECONDS);
        assertThat(session.client()).isNotNull();
        assertThat(session.client().isConnected()).isTrue();
    }

    @Test
    void aModuleSessionFailsAtOnceWithoutABroker() {
        session = session(new Endpoint("127.0.0.1", Ports.freePort()));
        assertThatThrownBy(() -> session.start().get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    }

    @Test
    void everyPacketFromTheBrokerCountsAsItsAnswerUntilTheConnectionCloses() throws Exception {
        Endpoint endpoint = new Endpoint("127.0.0.1", Ports.freePort());
        broker = MosquittoServer.unboundedInMemory(endpoint, "");
        broker.ensure();
        BrokerContacts.Contact contact = new BrokerContacts.Contact();
        session = session(endpoint, Map.of("contact/#", 0)).reportsTo(contact);
        session.start().get(10, TimeUnit.SECONDS);
        assertThat(contact.heardWithin(Duration.ofSeconds(5))).as("CONNACK").isTrue();

        TimeUnit.MILLISECONDS.sleep(500);
        assertThat(contact.heardWithin(Duration.ofMillis(300))).as("nothing for 500 ms").isFalse();
        MqttClient device = MqttClient.create(vertx, ClientOptions.of("device-" + System.nanoTime(), true, 10, 30, null,
                ""));
        device.connect(endpoint.port(), endpoint.host()).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        device.publish("contact/1", io.vertx.core.buffer.Buffer.buffer("hi"), io.netty.handler.codec.mqtt.MqttQoS.AT_MOST_ONCE,
                false, false);
        assertThat(within(Duration.ofSeconds(5), () -> contact.heardWithin(Duration.ofMillis(300))))
                .as("a PUBLISH from the broker").isTrue();
        device.disconnect();

        broker.stop();
        broker = null;
        assertThat(within(Duration.ofSeconds(5), () -> !contact.heardWithin(Duration.ofHours(1))))
                .as("the connection closed: the old packets no longer count").isTrue();
    }

    private static boolean within(Duration timeout, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        return true;
    }

    private BrokerSession session(Endpoint endpoint) {
        return session(endpoint, Map.of());
    }

    private BrokerSession session(Endpoint endpoint, Map<String, Integer> subscriptions) {
        return new BrokerSession(vertx, ClientOptions.of("session-test", false, 10, 30, null, ""), endpoint.host(),
                endpoint.port(), subscriptions, Duration.ofMillis(50), Duration.ofMillis(200), "test session", LOG,
                new SessionListener() {
                    @Override
                    public void connected(MqttClient client, long generation) {
                    }

                    @Override
                    public void lost() {
                    }

                    @Override
                    public void message(MqttPublishMessage message, long generation) {
                    }
                });
    }
}
