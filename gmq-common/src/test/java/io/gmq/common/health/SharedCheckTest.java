package io.gmq.common.health;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readiness requests share a server's probe: many at once cost one probe, a result answers for the reuse time, and a
 * probe that does not answer in time is a DOWN status with its reason.
 */
class SharedCheckTest {

    private final AtomicInteger runs = new AtomicInteger();
    private final List<UniEmitter<? super Void>> pending = new CopyOnWriteArrayList<>();
    private final List<DependencyStatus> results = new CopyOnWriteArrayList<>();

    /** A probe that answers only when the test says so. */
    private final DependencyProbe server = new DependencyProbe() {
        @Override
        public String name() {
            return "Broker";
        }

        @Override
        public String address() {
            return "127.0.0.1:1";
        }

        @Override
        public Uni<Void> check() {
            runs.incrementAndGet();
            return Uni.createFrom().emitter(pending::add);
        }
    };

    @Test
    void requestsDuringAProbeJoinItAndItsResultIsReused() {
        SharedCheck check = new SharedCheck(server, Duration.ofSeconds(5), Duration.ofMinutes(1), results::add);
        List<Uni<DependencyStatus>> requests = IntStream.range(0, 50).mapToObj(i -> check.status()).toList();
        List<DependencyStatus> answers = new CopyOnWriteArrayList<>();
        requests.forEach(request -> request.subscribe().with(answers::add));

        assertThat(runs).as("one probe for 50 requests").hasValue(1);
        pending.getFirst().complete(null);

        assertThat(answers).hasSize(50).allSatisfy(status -> assertThat(status.up()).isTrue());
        assertThat(results).as("one result recorded").hasSize(1);
        assertThat(check.status().await().indefinitely().up()).isTrue();
        assertThat(runs).as("reused").hasValue(1);
    }

    @Test
    void anOldResultIsProbedAgain() throws InterruptedException {
        SharedCheck check = new SharedCheck(server, Duration.ofSeconds(5), Duration.ofMillis(20), results::add);
        check.status().subscribe().with(ignored -> {
        });
        pending.getFirst().complete(null);
        Thread.sleep(50);

        check.status().subscribe().with(ignored -> {
        });

        assertThat(runs).hasValue(2);
    }

    @Test
    void noAnswerInTimeIsDownWithItsReason() {
        SharedCheck check = new SharedCheck(server, Duration.ofMillis(50), Duration.ofMinutes(1), results::add);

        DependencyStatus status = check.status().await().atMost(Duration.ofSeconds(5));

        assertThat(status.up()).isFalse();
        assertThat(status.error()).isEqualTo("no answer within the probe timeout");
        assertThat(results).containsExactly(status);
    }
}
