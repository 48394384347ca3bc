package io.gmq.gateway.config;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.gmq.common.health.DependencyProbe;
import io.smallrye.mutiny.Uni;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A broker whose fresh probe connection cannot get through (a gateway too busy to run it in time) counts as answering
 * while a live session heard from it, and only then; a server no running module uses is not part of readiness.
 */
class ProbeWhenUsedTest {

    private final AtomicInteger freshProbes = new AtomicInteger();
    private final DependencyProbe unanswered = new DependencyProbe() {
        @Override
        public String name() {
            return "MQTT broker";
        }

        @Override
        public String address() {
            return "127.0.0.1:1883";
        }

        @Override
        public Uni<Void> check() {
            freshProbes.incrementAndGet();
            return Uni.createFrom().failure(new IllegalStateException("no answer within the probe timeout"));
        }
    };

    @Test
    void recentTrafficOnALiveSessionIsTheAnswer() {
        ProbeWhenUsed probe = new ProbeWhenUsed(unanswered, () -> true, () -> true);

        probe.check().await().atMost(Duration.ofSeconds(1));

        assertThat(freshProbes).as("no fresh connection needed").hasValue(0);
        assertThat(probe.name()).isEqualTo("MQTT broker");
        assertThat(probe.address()).isEqualTo("127.0.0.1:1883");
    }

    @Test
    void aServerNoModuleUsesIsNotPartOfReadiness() {
        assertThat(new ProbeWhenUsed(unanswered, () -> false).inUse()).isFalse();
        assertThat(new ProbeWhenUsed(unanswered, () -> true).inUse()).isTrue();
    }

    @Test
    void withoutRecentTrafficTheFreshProbeDecides() {
        ProbeWhenUsed probe = new ProbeWhenUsed(unanswered, () -> true, () -> false);

        assertThatThrownBy(() -> probe.check().await().atMost(Duration.ofSeconds(1)))
                .hasMessageContaining("no answer within the probe timeout");
        assertThat(freshProbes).hasValue(1);
    }
}
