package io.gmq.gateway.so;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.gmq.gateway.bus.Envelope;
import io.gmq.gateway.bus.MessageBus;
import io.gmq.gateway.module.CollectorModule;
import io.quarkus.test.junit.QuarkusTest;

import static org.awaitility.Awaitility.await;

/**
 * The example native module (examples/so-upper/upper.c, built with gcc by the test build) loaded through FFM.
 */
@QuarkusTest
class SoModuleTest {

    @Inject
    MessageBus bus;

    @Test
    void nativeModuleHandlesAndEmits() {
        bus.publish(Envelope.text("so/in", "test", "hello native"));
        await().atMost(Duration.ofSeconds(10)).until(() -> CollectorModule.handled("so-sink").stream()
                .anyMatch(e -> e.payloadText().equals("HELLO NATIVE") && e.source().equals("so-upper")));
    }

    @Test
    void aNonZeroReturnCountsTheMessageAsFailed() {
        long failed = bus.module("so-upper").failed();
        bus.publish(Envelope.text("so/in", "test", "fail"));
        await().atMost(Duration.ofSeconds(10)).until(() -> bus.module("so-upper").failed() == failed + 1);
    }
}
