package io.gmq.gateway.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.gmq.gateway.modules.SequenceSubscriber;
import io.gmq.servers.Endpoint;
import io.gmq.servers.MosquittoServer;
import io.gmq.servers.Ports;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged gateway as a separate process: kill -9 with a spill-to-disk queue full, and SIGTERM with a memory
 * queue full; after a restart every message is handled. SIGTERM in the middle of a QoS1 stream through the MQTT edge
 * and two chained channels (in → debug-in → echo → bus-to-mqtt → out) loses nothing either.
 */
class GatewayProcessIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String MODULES = """
            gmq:
              modules:
                durable:
                  impl: echo
                  subscribe: [durable/in]
                  publish: [durable/out]
                  reply-topic: durable/out
                  queue: {overflow: spill-to-disk}
                memq:
                  impl: echo
                  subscribe: [memq/in]
                  publish: [memq/out]
                  reply-topic: memq/out
                  queue: {capacity: 10000}
            """;

    @TempDir
    Path work;

    private Process gateway;
    private int port;

    @AfterEach
    void stopGateway() throws Exception {
        if (gateway != null && gateway.isAlive()) {
            gateway.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void killMinus9LosesNothingFromASpillToDiskQueue() throws Exception {
        start("first");
        admin("POST", "/admin/modules/durable/stop");
        for (int i = 0; i < 5000; i++) {
            publish("durable/in", "m" + i);
        }
        assertThat(field(admin("GET", "/admin/modules/durable"), "queueDepth")).isEqualTo(5000);
        gateway.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

        start("second");
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> field(admin("GET", "/admin/modules/durable"), "handled") == 5000);
        assertThat(field(admin("GET", "/admin/modules/durable"), "queueDepth")).isZero();
    }

    @Test
    void sigtermSpillsWhatIsLeftAndTheNextStartHandlesIt() throws Exception {
        start("first");
        admin("POST", "/admin/modules/memq/stop");
        for (int i = 0; i < 3000; i++) {
            publish("memq/in", "m" + i);
        }
        gateway.destroy();
        assertThat(gateway.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(work.resolve("first.log")))
                .contains("GMQ-MOD-013 module memq: 3000 messages not handled before shutdown were spilled");

        start("second");
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> field(admin("GET", "/admin/modules/memq"), "handled") == 3000);
        assertThat(Files.readString(work.resolve("second.log"))).contains("3000 messages restored from the shutdown spill");
    }

    @Test
    void sigtermInTheMiddleOfAnMqttStreamLosesNothingBetweenChannels() throws Exception {
        int count = 20_000;
        MosquittoServer broker = MosquittoServer.unboundedInMemory(new Endpoint("127.0.0.1", Ports.freePort()), "");
        broker.ensure();
        SequenceSubscriber subscriber = new SequenceSubscriber(broker.endpoint(), "bench/out", count, "echo: ");
        Process publisher = null;
        try {
            subscriber.start().get(30, TimeUnit.SECONDS);
            Map<String, String> edge = new HashMap<>(Map.of("GMQ_MQTT_EDGE_ENABLED", "true", "MQTT_HOST", "127.0.0.1",
                    "MQTT_PORT", String.valueOf(broker.endpoint().port()), "GMQ_MQTT_EDGE_TOPICS", "in",
                    "GMQ_MQTT_EDGE_BUS_PREFIX", "debug/", "GMQ_MQTT_EDGE_FORWARD", "debug/out",
                    "GMQ_MQTT_EDGE_STRIP_PREFIX", "debug/", "GMQ_MQTT_EDGE_MQTT_PREFIX", "bench/",
                    "GMQ_MQTT_EDGE_CLIENT_ID", "it-edge"));
            edge.put("GMQ_DRAIN_TIMEOUT", "20s");
            // Outbound slower than inbound (one PUBLISH at a time) and a small outbound queue: at the stop a backlog
            // waits in debug-in's queue, ahead of bus-to-mqtt.
            edge.put("GMQ_MQTT_EDGE_INFLIGHT", "1");
            edge.put("GMQ_MQTT_EDGE_QUEUE_CAPACITY", "100");
            start("edge-first", true, edge);
            publisher = new ProcessBuilder(List.of("sh", "-c", "seq 0 " + (count - 1) + " | mosquitto_pub -h 127.0.0.1 -p "
                    + broker.endpoint().port() + " -q 1 -l -t in")).redirectErrorStream(true).start();
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> subscriber.distinct() >= count / 4);
            gateway.destroy();
            assertThat(gateway.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(publisher.waitFor(60, TimeUnit.SECONDS)).isTrue();

            start("edge-second", true, edge);
            try {
                Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> subscriber.distinct() == count);
            } catch (ConditionTimeoutException e) {
                // Reported below, with what is missing and how the first gateway stopped.
            }
        } finally {
            subscriber.close();
            if (publisher != null) {
                publisher.destroyForcibly();
            }
            broker.stop();
        }
        String firstLog = Files.readString(work.resolve("edge-first.log"));
        assertThat(subscriber.distinct()).as("missing %s; first gateway's stop: %s", subscriber.missing(),
                firstLog.lines().filter(l -> l.contains("GMQ-BUS-01") || l.contains("GMQ-MQT-01")).toList())
                .isEqualTo(count);
    }

    @Test
    void aStopPastTheDrainTimeoutWithTheOutboundBrokerDownLosesNothing() throws Exception {
        int count = 3_000;
        MosquittoServer in = MosquittoServer.unboundedInMemory(new Endpoint("127.0.0.1", Ports.freePort()), "");
        in.ensure();
        // Down during the first gateway's life: everything backs up (bus-to-mqtt full, the debug sink holding back,
        // debug-in's queue, then the broker); the stop runs past the drain timeout (2 s).
        MosquittoServer out = MosquittoServer.unboundedInMemory(new Endpoint("127.0.0.1", Ports.freePort()), "");
        SequenceSubscriber subscriber = new SequenceSubscriber(out.endpoint(), "bench/out", count, "echo: ");
        try {
            Map<String, String> edge = new HashMap<>(Map.of("GMQ_MQTT_EDGE_ENABLED", "true", "MQTT_HOST", "127.0.0.1",
                    "MQTT_PORT", String.valueOf(in.endpoint().port()), "GMQ_MQTT_EDGE_TOPICS", "in",
                    "GMQ_MQTT_EDGE_BUS_PREFIX", "debug/", "GMQ_MQTT_EDGE_FORWARD", "debug/out",
                    "GMQ_MQTT_EDGE_STRIP_PREFIX", "debug/", "GMQ_MQTT_EDGE_MQTT_PREFIX", "bench/",
                    "GMQ_MQTT_EDGE_CLIENT_ID", "it-edge-down"));
            edge.put("GMQ_MQTT_EDGE_OUT_PORT", String.valueOf(out.endpoint().port()));
            edge.put("GMQ_MQTT_EDGE_QUEUE_CAPACITY", "100");
            start("down-first", true, edge);
            Process publisher = new ProcessBuilder(List.of("sh", "-c", "seq 0 " + (count - 1)
                    + " | mosquitto_pub -h 127.0.0.1 -p " + in.endpoint().port() + " -q 1 -l -t in"))
                    .redirectErrorStream(true).start();
            assertThat(publisher.waitFor(60, TimeUnit.SECONDS)).isTrue();
            TimeUnit.SECONDS.sleep(2);
            gateway.destroy();
            assertThat(gateway.waitFor(60, TimeUnit.SECONDS)).isTrue();

            out.ensure();
            subscriber.start().get(30, TimeUnit.SECONDS);
            start("down-second", true, edge);
            try {
                Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> subscriber.distinct() == count);
            } catch (ConditionTimeoutException e) {
                // Reported below, with what is missing and how the first gateway stopped.
            }
        } finally {
            subscriber.close();
            out.stop();
            in.stop();
        }
        String firstLog = Files.readString(work.resolve("down-first.log"));
        assertThat(subscriber.distinct()).as("missing %s; first gateway's stop: %s", subscriber.missing(),
                firstLog.lines().filter(l -> l.contains("GMQ-BUS-01") || l.contains("GMQ-MQT-01")).toList())
                .isEqualTo(count);
    }

    @Test
    void withNoSecretsSetItStartsAndKeepsAdminLocked() throws Exception {
        start("bare", false);
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/admin/modules"))
                .header("Authorization", basic("admin", "")).GET());
        assertThat(response.statusCode()).isEqualTo(401);
    }

    private void start(String name) throws Exception {
        start(name, true);
    }

    private void start(String name, boolean withPasswords) throws Exception {
        start(name, withPasswords, Map.of());
    }

    private void start(String name, boolean withPasswords, Map<String, String> env) throws Exception {
        Files.writeString(work.resolve("modules.yaml"), MODULES);
        int managementPort;
        port = Ports.freePort();
        managementPort = Ports.freePort();
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
        ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-jar",
                jar.toString()).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".log").toFile());
        builder.environment().putAll(Map.of("HTTP_PORT", String.valueOf(port), "GMQ_DATA_DIR",
                work.resolve("data").toString(), "GMQ_MODULES_FILE", work.resolve("modules.yaml").toString(),
                "GMQ_DRAIN_TIMEOUT", "2s", "EMBEDDED_DB_URL", "jdbc:h2:mem:it", "MANAGEMENT_PORT",
                String.valueOf(managementPort)));
        builder.environment().keySet().removeAll(java.util.Set.of("GMQ_ADMIN_PASSWORD", "GMQ_PUBLISHER_PASSWORD"));
        if (withPasswords) {
            builder.environment().putAll(Map.of("GMQ_ADMIN_PASSWORD", "it-admin", "GMQ_PUBLISHER_PASSWORD", "it-publisher"));
        }
        builder.environment().putAll(env);
        gateway = builder.start();
        Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                        + "/q/health/live")).GET()).statusCode() == 200);
    }

    private void publish(String topic, String body) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/publish?topic=" + topic))
                .header("Authorization", basic("publisher", "it-publisher"))
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    private String admin(String method, String path) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path)).header("Authorization",
                basic("admin", "it-admin")).method(method, HttpRequest.BodyPublishers.noBody()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private static long field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\":(\\d+)").matcher(json);
        assertThat(matcher.find()).as(json).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
