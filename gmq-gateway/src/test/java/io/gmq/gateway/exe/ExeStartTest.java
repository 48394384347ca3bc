package io.gmq.gateway.exe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.gmq.gateway.bus.MessageBus;
import io.gmq.gateway.module.ModuleState;
import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Exe children that never get ready, in one reload (the watched file) with an ordinary module: a child that exits
 * before its ready line fails its module at once (ack-timeout 60 s), and a child still silent holds back no other
 * module.
 */
@QuarkusTest
class ExeStartTest {

    private static final Path FILE = Path.of("target/reload-test/modules.yaml");
    private static final String MARKER = "gmq-exe-start-test-silent-child";

    @Inject
    MessageBus bus;

    @AfterAll
    static void removeFile() throws Exception {
        Files.deleteIfExists(FILE);
    }

    @Test
    void aChildThatExitsBeforeReadyFailsAtOnceAndASilentOneHoldsBackNoOther() throws Exception {
        // Modules start in name order when one after the other: the silent child comes first.
        write("""
                gmq:
                  modules:
                    exe-a-silent:
                      type: exe
                      command: [python3, -c, "import time; time.sleep(600)", %s]
                      ack-timeout: 60s
                      subscribe: [exe-a-silent/in]
                    exe-b-sibling:
                      impl: collector
                      subscribe: [exe-b-sibling/in]
                    exe-c-quits:
                      type: exe
                      command: [sh, -c, "echo going >&2; exit 3"]
                      ack-timeout: 60s
                      subscribe: [exe-c-quits/in]
                """.formatted(MARKER));
        await().atMost(Duration.ofSeconds(20)).until(() -> state("exe-b-sibling") == ModuleState.RUNNING);
        assertThat(state("exe-a-silent")).isEqualTo(ModuleState.STARTING);
        await().atMost(Duration.ofSeconds(20)).until(() -> state("exe-c-quits") == ModuleState.FAILED);
        assertThat(bus.module("exe-c-quits").reason()).isEqualTo(
                "child did not become ready: exited with code 3 before its ready line");

        ProcessHandle.current().descendants().filter(p -> p.info().commandLine().orElse("").contains(MARKER))
                .forEach(ProcessHandle::destroyForcibly);
        await().atMost(Duration.ofSeconds(20)).until(() -> state("exe-a-silent") == ModuleState.FAILED);
        assertThat(bus.module("exe-a-silent").reason()).contains("before its ready line");
    }

    private ModuleState state(String name) {
        return bus.module(name) == null ? null : bus.module(name).state();
    }

    private static void write(String yaml) throws Exception {
        Files.createDirectories(FILE.getParent());
        Path tmp = FILE.resolveSibling("modules.yaml.tmp");
        Files.writeString(tmp, yaml);
        Files.move(tmp, FILE, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
