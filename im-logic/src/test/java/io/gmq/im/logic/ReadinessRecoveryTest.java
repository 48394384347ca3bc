package io.gmq.im.logic;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.gmq.servers.ManagedServer;
import io.gmq.servers.ServerKind;
import io.gmq.servers.test.InjectServer;
import io.quarkus.test.junit.QuarkusTest;

import static io.quarkus.test.common.http.TestHTTPResourceManager.getManagementUri;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stopping Redis while im-logic runs turns readiness DOWN with one log line naming Redis and its address; starting
 * it again brings readiness back UP without restarting the service.
 */
@QuarkusTest
class ReadinessRecoveryTest {

    private static final String MONITOR = "io.gmq.common.health.DependencyMonitor";

    @InjectServer(ServerKind.REDIS)
    ManagedServer redis;

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String message = record.getParameters() == null ? record.getMessage()
                    : String.format(record.getMessage(), record.getParameters());
            lines.add(message);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureMonitorLog() {
        Logger.getLogger(MONITOR).addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        Logger.getLogger(MONITOR).removeHandler(capture);
        redis.ensure();
    }

    @Test
    void redisOutageTurnsReadinessDownThenBackUp() throws Exception {
        String address = redis.endpoint().toString();
        awaitReadiness(200);
        lines.clear(); // from here on, only the outage and the recovery may be logged

        redis.stop();
        awaitReadiness(503);
        given().baseUri(getManagementUri()).get("/health/ready").then().statusCode(503);
        Thread.sleep(1500); // several more probe rounds: the outage must still be logged once
        assertThat(lines.stream().filter(l -> l.contains("GMQ-HLT-001")))
                .singleElement().asString().contains("Redis at " + address + " is DOWN");

        redis.ensure();
        awaitReadiness(200);
        assertThat(lines.stream().filter(l -> l.contains("GMQ-HLT-002")))
                .singleElement().asString().contains("Redis at " + address + " is UP");
        assertThat(lines.stream().filter(l -> l.contains("Kafka") || l.contains("PostgreSQL"))).isEmpty();
    }

    private static void awaitReadiness(int status) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> given().baseUri(getManagementUri()).get("/health/ready").statusCode() == status);
    }
}
