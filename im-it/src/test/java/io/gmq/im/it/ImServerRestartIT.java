package io.gmq.im.it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.gmq.servers.Endpoint;
import io.gmq.servers.KafkaServer;
import io.gmq.servers.Ports;
import io.gmq.servers.RedisServer;
import io.gmq.servers.ServerKind;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kafka and Redis killed (kill -9) and restarted under load: every acknowledged message is delivered. Both servers are
 * private to this class (free ports, started and stopped here), so the shared servers other runs use are never touched;
 * the tiers (logic, push, one comet) are a stack of their own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImServerRestartIT {

    private KafkaServer kafka;
    private RedisServer redis;
    private ImStack stack;
    private ImApi api;

    @BeforeAll
    void start() throws Exception {
        kafka = new KafkaServer(new Endpoint("127.0.0.1", Ports.freePort()));
        redis = new RedisServer(new Endpoint("127.0.0.1", Ports.freePort()));
        kafka.ensure();
        redis.ensure();
        stack = new ImStack(Path.of("target/im-it/restart"), Map.of(ServerKind.KAFKA, kafka, ServerKind.REDIS, redis));
        stack.start("logic", "push", "comet1");
        api = new ImApi(stack);
    }

    @AfterAll
    void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
        if (kafka != null) {
            kafka.stop();
        }
        if (redis != null) {
            redis.stop();
        }
    }

    @Test
    void kafkaBrokerKilledAndRestartedUnderLoadLosesNoAcknowledgedMessage() throws Exception {
        // Kafka keeps its log: what it acknowledged survives a kill -9 of the process.
        underLoad("kafka15", () -> {
            kafka.kill9();
            Thread.sleep(2000);
            kafka.restart();
        });
    }

    @Test
    void redisKilledAndRestartedEmptyUnderLoadLosesNoAcknowledgedMessage() throws Exception {
        String room = stack.id("kept16");
        api.room(room, null);
        String member = stack.id("member16");
        String memberToken = api.user(member);
        api.join(memberToken, room);
        // Redis keeps nothing on disk here: it comes back empty (sequences, routes, de-duplication all gone).
        underLoad("redis16", () -> {
            redis.kill9();
            Thread.sleep(2000);
            redis.restart();
        });
        // Room membership is not: PostgreSQL holds it, and logic rebuilds what Redis lost without the member joining
        // again.
        assertThat(ImApi.expect(200, api.call("GET", "/api/v1/rooms/" + room + "/members", memberToken, null)).body())
                .contains(member);
    }

    private void underLoad(String name, Fault fault) throws Exception {
        String receiver = stack.id("rcv-" + name);
        String receiverToken = api.user(receiver);
        String senderToken = api.user(stack.id("snd-" + name));
        AckedLoad load = new AckedLoad(api, senderToken, receiver, stack.id(name));
        List<String> readiness = new ArrayList<>();
        try (Receiver client = new Receiver(stack.ws("comet1"), receiverToken)) {
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> client.connects.get() == 1);
            CompletableFuture<Void> sending = load.start(2000, 200);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> load.acked.size() >= 400);
            CompletableFuture<Void> watching = CompletableFuture.runAsync(() -> watchReadiness(readiness, sending));
            fault.apply();
            sending.get(150, TimeUnit.SECONDS);
            watching.get(30, TimeUnit.SECONDS);
            try {
                Awaitility.await().atMost(Duration.ofSeconds(60))
                        .until(() -> load.check(client.messages).lost().isEmpty());
            } finally {
                System.out.println(name + ": " + load.check(client.messages) + ", receiver connections "
                        + client.connects.get() + ", readiness " + readiness);
            }
            AckedLoad.Result result = load.check(client.messages);
            assertThat(result.acked()).isEqualTo(2000);
            assertThat(result.lost()).isEmpty();
            assertThat(result.conflicts()).isEmpty();
            assertThat(result.reordered()).isZero();
        }
        // Back without a restart of any tier: ready again.
        for (String service : new String[] { "logic", "push", "comet1" }) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> stack.readiness(service) == 200);
        }
    }

    /** Readiness of logic and push while the load runs: each change, as "service 200/503". */
    private void watchReadiness(List<String> changes, CompletableFuture<Void> until) {
        Map<String, Integer> last = new java.util.HashMap<>();
        while (!until.isDone()) {
            for (String service : new String[] { "logic", "push" }) {
                int status = stack.readiness(service);
                if (!Integer.valueOf(status).equals(last.put(service, status))) {
                    synchronized (changes) {
                        changes.add(service + " " + status);
                    }
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @FunctionalInterface
    private interface Fault {
        void apply() throws Exception;
    }
}
