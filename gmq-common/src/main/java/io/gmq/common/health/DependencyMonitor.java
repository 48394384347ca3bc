package io.gmq.common.health;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Probes every {@link DependencyProbe} in the background and for readiness requests (one probe per server at a time,
 * its result reused for {@link #REUSE}), and logs exactly one line each time a server goes DOWN or comes back UP (log
 * ids GMQ-HLT-001 and GMQ-HLT-002).
 */
@ApplicationScoped
public class DependencyMonitor {

    private static final Logger LOG = Logger.getLogger(DependencyMonitor.class);

    /**
     * How long a probe's result answers readiness requests without probing again: bounds the probes requests cause to
     * 4 a second per server, and how late a request sees a change (1 s kept readiness UP for up to a second after the
     * MQTT edge saw its broker go).
     */
    static final Duration REUSE = Duration.ofMillis(250);

    private final List<SharedCheck> checks;
    private final HealthConfig config;
    private final Vertx vertx;
    private final Map<String, Boolean> lastState = new ConcurrentHashMap<>();
    private long timerId = -1;

    public DependencyMonitor(@Any Instance<DependencyProbe> probes, HealthConfig config, Vertx vertx) {
        this.checks = probes.stream().map(p -> new SharedCheck(p, config.timeout(), REUSE, this::record)).toList();
        this.config = config;
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent event) {
        if (!checks.isEmpty()) {
            probeAll().subscribe().with(ignored -> {
            });
            timerId = vertx.setPeriodic(config.interval().toMillis(), id -> probeAll().subscribe().with(ignored -> {
            }));
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    /**
     * The status of every dependency in use, probed in parallel; a probe under way is joined and a result younger
     * than {@link #REUSE} is reused ({@link SharedCheck}). Never fails: a failed probe is a DOWN status.
     */
    public Uni<List<DependencyStatus>> probeAll() {
        List<Uni<DependencyStatus>> statuses = checks.stream().filter(c -> c.probe().inUse())
                .map(SharedCheck::status).toList();
        if (statuses.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Uni.join().all(statuses).andFailFast();
    }

    private void record(DependencyStatus status) {
        String key = status.name() + "@" + status.address();
        Boolean previous = lastState.put(key, status.up());
        if (previous != null && previous == status.up()) {
            return;
        }
        if (status.up()) {
            LOG.infof("GMQ-HLT-002 %s at %s is UP", status.name(), status.address());
        } else {
            LOG.warnf("GMQ-HLT-001 %s at %s is DOWN: %s", status.name(), status.address(), status.error());
        }
    }
}
