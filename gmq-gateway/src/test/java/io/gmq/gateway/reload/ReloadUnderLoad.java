package io.gmq.gateway.reload;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.gmq.gateway.bus.Envelope;
import io.gmq.gateway.bus.MessageBus;
import io.gmq.gateway.module.CollectorModule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Drives ~10,000 messages/s into modules X and Y for 3 s, applies a configuration change after 1 s, and checks
 * that only X restarted, Y handled more in every 250 ms window, and X handled every message exactly once.
 */
final class ReloadUnderLoad {

    private ReloadUnderLoad() {
    }

    interface Change {
        void apply() throws Exception;
    }

    static void run(MessageBus bus, String x, String y, Change change) throws Exception {
        long xRestarts = bus.module(x).restarts();
        long yRestarts = bus.module(y).restarts();
        int xBefore = CollectorModule.handled(x).size();
        String xTopic = bus.module(x).declaration().subscribe().get(0).pattern();
        String yTopic = bus.module(y).declaration().subscribe().get(0).pattern();
        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicInteger sentX = new AtomicInteger();
        Thread producer = Thread.ofPlatform().start(() -> {
            // 50 messages to each module every 10 ms: ~10,000 messages/s in all, for 3 s.
            long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < end) {
                for (int i = 0; i < 50; i++) {
                    bus.publish(Envelope.text(xTopic, "load", "x" + sentX.getAndIncrement()));
                    bus.publish(Envelope.text(yTopic, "load", "y"));
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
            loading.set(false);
        });
        List<Integer> ySamples = new ArrayList<>();
        Thread.sleep(1000);
        change.apply();
        while (loading.get()) {
            ySamples.add(CollectorModule.handled(y).size());
            Thread.sleep(250);
        }
        producer.join();

        await().atMost(Duration.ofSeconds(20)).until(() -> CollectorModule.handled(x).size() - xBefore >= sentX.get());
        List<String> xTexts = CollectorModule.handled(x).stream().skip(xBefore).map(Envelope::payloadText).toList();
        assertThat(xTexts).hasSize(sentX.get()).doesNotHaveDuplicates();
        assertThat(bus.module(x).restarts()).isEqualTo(xRestarts + 1);
        assertThat(bus.module(y).restarts()).isEqualTo(yRestarts);
        for (int i = 1; i < ySamples.size(); i++) {
            assertThat(ySamples.get(i)).as("Y handled more in every 250 ms window: %s", ySamples)
                    .isGreaterThan(ySamples.get(i - 1));
        }
    }
}
