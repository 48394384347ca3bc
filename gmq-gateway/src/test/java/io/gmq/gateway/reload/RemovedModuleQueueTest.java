package io.gmq.gateway.reload;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.gmq.gateway.bus.Envelope;
import io.gmq.gateway.bus.MessageBus;
import io.gmq.gateway.module.CollectorModule;
import io.gmq.gateway.module.ModuleState;
import io.quarkus.test.junit.QuarkusTest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A module removed from the watched file with messages still in its spill-to-disk queue (it was stopped): the
 * removal says how many and where they stay (GMQ-MOD-017), and the module declared again under the same name handles
 * them.
 */
@QuarkusTest
class RemovedModuleQueueTest {

    private static final Path FILE = Path.of("target/reload-test/modules.yaml");
    private static final String NAME = "spill-removed";
    private static final String DECLARED = """
            gmq:
              modules:
                spill-removed:
                  impl: collector
                  subscribe: [spill-removed/in]
                  queue: {overflow: spill-to-disk}
            """;

    @Inject
    MessageBus bus;

    @AfterAll
    static void removeFile() throws Exception {
        Files.deleteIfExists(FILE);
    }

    @Test
    void aRemovedModulesDiskQueueIsReportedAndHandledWhenDeclaredAgain() throws Exception {
        deleteTree(Path.of("target/gateway-data/queues", NAME)); // left by an earlier run
        write(DECLARED);
        await().atMost(Duration.ofSeconds(10)).until(() -> bus.module(NAME) != null
                && bus.module(NAME).state() == ModuleState.RUNNING);
        given().auth().preemptive().basic("admin", "test-admin-secret").post("/admin/modules/" + NAME + "/stop").then()
                .statusCode(200);
        for (int i = 0; i < 3; i++) {
            assertThat(bus.publish(Envelope.text("spill-removed/in", "test", "kept-" + i)).delivered()).isEqualTo(1);
        }

        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(String.valueOf(record.getMessage()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger("io.gmq.gateway.module.ModuleManager");
        logger.addHandler(capture);
        try {
            write("gmq:\n  modules: {}\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> bus.module(NAME) == null);
            // The line comes after the module left the bus: wait for it too (it raced under CPU load).
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(lines).anySatisfy(
                    line -> assertThat(line).startsWith("GMQ-MOD-017 module " + NAME).contains("3 messages",
                            "queues/" + NAME)));
        } finally {
            logger.removeHandler(capture);
        }

        write(DECLARED);
        await().atMost(Duration.ofSeconds(10)).until(() -> CollectorModule.handled(NAME).size() == 3);
        assertThat(CollectorModule.handled(NAME)).extracting(Envelope::payloadText).containsExactly("kept-0", "kept-1",
                "kept-2");
    }

    private static void write(String yaml) throws Exception {
        Files.createDirectories(FILE.getParent());
        Path tmp = FILE.resolveSibling("modules.yaml.tmp");
        Files.writeString(tmp, yaml);
        Files.move(tmp, FILE, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void deleteTree(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
