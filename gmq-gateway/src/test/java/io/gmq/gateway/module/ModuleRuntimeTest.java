package io.gmq.gateway.module;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.gmq.gateway.bus.Envelope;
import io.gmq.gateway.bus.MessageBus;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

import static io.quarkus.test.common.http.TestHTTPResourceManager.getManagementUri;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

/**
 * The module runtime as configured in the test profile: starts, routing, bad declarations, admin lifecycle with no
 * message lost, overflow policies, and who may call what.
 */
@QuarkusTest
class ModuleRuntimeTest {

    @Inject
    MessageBus bus;

    private static RequestSpecification admin() {
        return given().auth().preemptive().basic("admin", "test-admin-secret");
    }

    private static RequestSpecification publisher() {
        return given().auth().preemptive().basic("publisher", "test-publisher-secret");
    }

    @Test
    void goodModulesRunAndEachBadOneFailsWithItsReason() {
        admin().get("/admin/modules").then().statusCode(200)
                .body("find { it.name == 'collector-a' }.state", equalTo("RUNNING"))
                .body("find { it.name == 'echo' }.state", equalTo("RUNNING"))
                .body("find { it.name == 'upper' }.type", equalTo("exe"))
                .body("find { it.name == 'upper' }.state", equalTo("RUNNING"))
                .body("find { it.name == 'so-upper' }.type", equalTo("so"))
                .body("find { it.name == 'so-upper' }.state", equalTo("RUNNING"))
                .body("find { it.name == 'mqtt' }.state", equalTo("RUNNING"))
                .body("find { it.name == 'disabled' }.state", equalTo("DISABLED"))
                .body("find { it.name == 'bad-type' }.state", equalTo("FAILED"))
                .body("find { it.name == 'bad-type' }.reason", containsString("unknown module type 'plugin'"))
                .body("find { it.name == 'bad-key' }.reason", equalTo("unknown key 'colour'"))
                .body("find { it.name == 'missing-command' }.reason", containsString("missing key 'command'"))
                .body("find { it.name == 'unset-variable' }.reason",
                        equalTo("key 'reply-topic': ${GMQ_TEST_UNSET_VARIABLE} is not set and has no default"))
                .body("find { it.name == 'no-impl' }.reason", containsString("'does-not-exist'"));
    }

    @Test
    void envExpressionsResolveInsideNestedLists() {
        CollectorModule.Settings settings = CollectorModule.STARTED_WITH.get("collector-a");
        assertThat(settings.tags()).containsExactly("from-default", System.getenv("HOME"));
        assertThat(settings.nested().items()).containsExactly(new CollectorModule.Item("first", "from-default"));
    }

    @Test
    void wildcardRoutingTheEchoModuleAndTheDebugChannel() {
        publisher().body("21.5").post("/api/v1/publish?topic=sensors/room1/temp").then().statusCode(202)
                .body("delivered", equalTo(1));
        publisher().body("hi").post("/api/v1/publish?topic=debug/in").then().statusCode(202);
        publisher().body("ho").post("/api/v1/publish?topic=echo/in").then().statusCode(202);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> texts("collector-a").containsAll(List.of("21.5", "echo: hi", "echo: ho")));
        // debug/in -> debug/out: the channel methods of DebugEchoChannel, publishing as "debug".
        assertThat(CollectorModule.handled("collector-a")).filteredOn(e -> e.payloadText().equals("echo: hi"))
                .singleElement().satisfies(e -> {
                    assertThat(e.source()).isEqualTo("debug");
                    assertThat(e.topic()).isEqualTo("debug/out");
                });
        assertThat(CollectorModule.handled("collector-a")).filteredOn(e -> e.payloadText().equals("echo: ho"))
                .singleElement().extracting(Envelope::source).isEqualTo("echo");
        assertThat(CollectorModule.handled("disabled")).isEmpty();
    }

    @Test
    void restartWhileLoadedLosesAndDuplicatesNothing() throws Exception {
        int total = 5000;
        long restartsBefore = bus.module("collector-b").restarts();
        Thread producer = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < total; i++) {
                bus.publish(Envelope.text("load/x", "test", "n" + i));
            }
        });
        await().until(() -> CollectorModule.handled("collector-b").size() > 100);
        // The handler takes ~1 ms a message, so thousands are still queued when the restart happens.
        admin().post("/admin/modules/collector-b/restart").then().statusCode(200).body("state", equalTo("RUNNING"))
                .body("queueDepth", greaterThan(1000));
        producer.join();
        await().atMost(Duration.ofSeconds(30)).until(() -> CollectorModule.handled("collector-b").size() >= total);
        List<String> handled = texts("collector-b");
        assertThat(handled).hasSize(total).doesNotHaveDuplicates();
        assertThat(bus.module("collector-b").restarts()).isEqualTo(restartsBefore + 1);
    }

    @Test
    void aStoppedModuleKeepsQueueingAndHandlesAfterStart() {
        admin().post("/admin/modules/tiny/stop").then().statusCode(200).body("state", equalTo("STOPPED"));
        for (int i = 1; i <= 5; i++) {
            bus.publish(Envelope.text("tiny/t", "test", "t" + i));
        }
        admin().get("/admin/modules/tiny").then().body("queueDepth", equalTo(2)).body("dropped", equalTo(3));
        admin().post("/admin/modules/tiny/start").then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> texts("tiny").size() == 2);
        assertThat(texts("tiny")).containsExactly("t4", "t5");
    }

    /** no-impl (FAILED) alone subscribes to failed/#: a FAILED module takes nothing, as a DISABLED one. */
    @Test
    void aFailedModuleTakesNoMessages() {
        ModuleRuntime failed = bus.module("no-impl");
        assertThat(failed.state()).isEqualTo(ModuleState.FAILED);
        int depth = failed.queue().depth(); // a spill from an earlier run may be queued: it stays
        publisher().body("f").post("/api/v1/publish?topic=failed/x").then().statusCode(202).body("delivered", equalTo(0));
        assertThat(bus.publish(Envelope.text("failed/y", "test", "g")).delivered()).isZero();
        assertThat(failed.queue().depth()).isEqualTo(depth);
        assertThat(failed.received()).isZero();
    }

    @Test
    void clearDropsTheQueueAndAFullRejectingQueueAnswers503() {
        admin().post("/admin/modules/rejecting/stop").then().statusCode(200);
        publisher().body("1").post("/api/v1/publish?topic=rejecting/a").then().statusCode(202);
        publisher().body("2").post("/api/v1/publish?topic=rejecting/a").then().statusCode(503)
                .body("code", equalTo(5031)).body("error", equalTo("QUEUE_FULL"));
        admin().post("/admin/modules/rejecting/clear").then().statusCode(200).body("cleared", equalTo(1));
        admin().post("/admin/modules/rejecting/start").then().statusCode(200);
    }

    @Test
    void everySurfaceAuthenticates() {
        given().get("/admin/modules").then().statusCode(401);
        given().auth().preemptive().basic("admin", "wrong").get("/admin/modules").then().statusCode(401);
        publisher().get("/admin/modules").then().statusCode(403);
        given().body("x").post("/api/v1/publish?topic=a").then().statusCode(401);
        publisher().body("x").queryParam("topic", "a/#").post("/api/v1/publish").then().statusCode(400).body("code",
                equalTo(4001));
        admin().post("/admin/modules/nope/stop").then().statusCode(404).body("error", equalTo("MODULE_NOT_FOUND"));
        admin().post("/admin/modules/disabled/start").then().statusCode(409);
    }

    @Test
    void aModulesLogLevelChangesAtRunTime() {
        java.util.List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                if (isLoggable(record) && record.getLoggerName().equals("io.gmq.module.echo")) {
                    lines.add(String.valueOf(record.getMessage()));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger.getLogger("io.gmq.module.echo").addHandler(capture);
        try {
            admin().contentType("text/plain").body("DEBUG").put("/admin/modules/echo/log-level").then().statusCode(200)
                    .body("level", equalTo("DEBUG"));
            publisher().body("loud").post("/api/v1/publish?topic=echo/in").then().statusCode(202);
            await().atMost(Duration.ofSeconds(10)).until(() -> lines.size() == 1);
            admin().contentType("text/plain").body("info").put("/admin/modules/echo/log-level").then().statusCode(200);
            publisher().body("quiet").post("/api/v1/publish?topic=echo/in").then().statusCode(202);
            await().atMost(Duration.ofSeconds(10)).until(() -> texts("collector-a").contains("echo: quiet"));
            assertThat(lines).hasSize(1);
            admin().contentType("text/plain").body("LOUDEST").put("/admin/modules/echo/log-level").then().statusCode(400)
                    .body("code", equalTo(4002));
        } finally {
            java.util.logging.Logger.getLogger("io.gmq.module.echo").removeHandler(capture);
        }
    }

    @Test
    void perModuleMetrics() {
        publisher().body("m").post("/api/v1/publish?topic=sensors/r2/temp").then().statusCode(202);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().baseUri(getManagementUri()).get("/metrics").then()
                .body(containsString("gmq_module_messages_total{module=\"collector-a\",outcome=\"handled\"}"))
                .body(containsString("gmq_module_queue_depth{module=\"tiny\"}")));
    }

    private static List<String> texts(String module) {
        return CollectorModule.handled(module).stream().map(Envelope::payloadText).toList();
    }

    /**
     * A start that fails for a cause that may pass (here: twice, as a database not answering yet) is tried again, 1 s
     * then 2 s later, until it runs; a configuration error (bad-key) is not retried.
     */
    @Test
    void aStartThatFailsForATransientCauseIsRetriedUntilItRuns() {
        await().atMost(Duration.ofSeconds(20)).until(() -> bus.module("flaky-start").state() == ModuleState.RUNNING);
        assertThat(FlakyStartModule.ATTEMPTS.get("flaky-start")).hasValue(3);
        assertThat(bus.module("flaky-start").reason()).isEmpty();
        assertThat(bus.module("bad-key").state()).isEqualTo(ModuleState.FAILED);
    }
}
