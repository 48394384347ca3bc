package io.gmq.gateway.exe;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.gmq.gateway.bus.Envelope;
import io.gmq.gateway.bus.MessageBus;
import io.gmq.gateway.module.CollectorModule;
import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The example exe module (examples/exe-upper/upper.py) under the gateway's supervision.
 */
@QuarkusTest
class ExeModuleTest {

    @Inject
    MessageBus bus;

    @Test
    void messagesRoundTripAndAKilledChildIsReplacedWithNothingLost() throws Exception {
        int before = CollectorModule.handled("upper-sink").size();
        for (int i = 0; i < 50; i++) {
            bus.publish(Envelope.text("upper/in", "test", "hello-" + i));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> CollectorModule.handled("upper-sink").size() - before >= 50);

        ProcessHandle first = child().orElseThrow();
        first.destroyForcibly();
        for (int i = 50; i < 100; i++) {
            bus.publish(Envelope.text("upper/in", "test", "hello-" + i));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> CollectorModule.handled("upper-sink").size() - before >= 100);

        List<Envelope> out = CollectorModule.handled("upper-sink").subList(before, before + 100);
        Set<String> texts = out.stream().map(Envelope::payloadText).collect(Collectors.toSet());
        assertThat(texts).hasSize(100).contains("HELLO-0", "HELLO-99");
        assertThat(out).allSatisfy(e -> {
            assertThat(e.source()).isEqualTo("upper");
            assertThat(e.headers()).containsKey("in-reply-to");
        });
        assertThat(child()).hasValueSatisfying(next -> assertThat(next.pid()).isNotEqualTo(first.pid()));
    }

    @Test
    void anErrorAckCountsTheMessageAsFailed() {
        long failed = bus.module("upper").failed();
        bus.publish(Envelope.text("upper/in", "test", "fail"));
        await().atMost(Duration.ofSeconds(10)).until(() -> bus.module("upper").failed() == failed + 1);
    }

    private static Optional<ProcessHandle> child() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains("upper.py")).findFirst();
    }
}
