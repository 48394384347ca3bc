package io.gmq.common.health;

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
 * Probes every {@link DependencyProbe} in the background and on each readiness request, and logs exactly one line
 * each time a server goes DOWN or comes back UP (log ids GMQ-HLT-001 and GMQ-HLT-002).
 */
@ApplicationScoped
public class DependencyMonitor {

    private static final Logger LOG = Logger.getLogger(DependencyMonitor.class);

    private final List<DependencyProbe> probes;
    private final HealthConfig config;
    private final Vertx vertx;
    private final Map<String, Boolean> lastState = new ConcurrentHashMap<>();
    private long timerId = -1;

    public DependencyMonitor(@Any Instance<DependencyProbe> probes, HealthConfig config, Vertx vertx) {
        this.probes = probes.stream().toList();
        this.config = config;
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent event) {
        if (!probes.isEmpty()) {
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

    /** Probes all dependencies in use in parallel; never fails, a failed probe is a DOWN status. */
    public Uni<List<DependencyStatus>> probeAll() {
        List<Uni<DependencyStatus>> checks = probes.stream().filter(DependencyProbe::inUse).map(this::probe).toList();
        if (checks.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Uni.join().all(checks).andFailFast();
    }

    private Uni<DependencyStatus> probe(DependencyProbe probe) {
        return Uni.createFrom().deferred(probe::check)
                .ifNoItem().after(config.timeout()).fail()
                .map(ignored -> new DependencyStatus(probe.name(), probe.address(), true, null))
                .onFailure().recoverWithItem(failure -> new DependencyStatus(probe.name(), probe.address(), false,
                        reason(failure)))
                .invoke(this::record);
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

    private static String reason(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        if (root instanceof io.smallrye.mutiny.TimeoutException) {
            return "no answer within the probe timeout";
        }
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message.lines().findFirst().orElse(""));
    }
}
