package io.gmq.gateway.reload;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.gmq.gateway.bus.MessageBus;
import io.gmq.gateway.module.CollectorModule;
import io.gmq.gateway.module.ModuleState;
import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Edge-device reconfiguration: while ~10,000 messages/s flow through modules X and Y, X's entry in the watched file
 * changes; only X restarts, Y keeps handling throughout, and every message to X is handled exactly once.
 */
@QuarkusTest
class ModuleFileReloadTest {

    private static final Path FILE = Path.of("target/reload-test/modules.yaml");

    @Inject
    MessageBus bus;

    @AfterAll
    static void removeFile() throws Exception {
        Files.deleteIfExists(FILE);
    }

    private static void write(String xTag) throws Exception {
        Files.createDirectories(FILE.getParent());
        Path tmp = FILE.resolveSibling("modules.yaml.tmp");
        Files.writeString(tmp, """
                gmq:
                  modules:
                    reload-x:
                      impl: collector
                      subscribe: [reload/x]
                      queue: {capacity: 100000}
                      tags: [%s]
                    reload-y:
                      impl: collector
                      subscribe: [reload/y]
                      queue: {capacity: 100000}
                      tags: [steady]
                """.formatted(xTag));
        Files.move(tmp, FILE, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void onlyTheChangedModuleRestartsAndNothingIsLostOrDoubled() throws Exception {
        write("v1");
        await().atMost(Duration.ofSeconds(10)).until(() -> running("reload-x") && running("reload-y")
                && CollectorModule.STARTED_WITH.get("reload-x").tags().equals(List.of("v1")));
        ReloadUnderLoad.run(bus, "reload-x", "reload-y", () -> write("v2"));
        assertThat(CollectorModule.STARTED_WITH.get("reload-x").tags()).containsExactly("v2");
    }

    @Test
    void anInvalidFileIsIgnoredAndModulesKeepRunning() throws Exception {
        write("v1");
        await().atMost(Duration.ofSeconds(10)).until(() -> running("reload-x"));
        long restarts = bus.module("reload-x").restarts();
        Files.writeString(FILE, "gmq: [unclosed");
        Thread.sleep(1000);
        assertThat(running("reload-x")).isTrue();
        assertThat(bus.module("reload-x").restarts()).isEqualTo(restarts);
    }

    private boolean running(String name) {
        return bus.module(name) != null && bus.module(name).state() == ModuleState.RUNNING;
    }
}
