package io.gmq.common.health;

import java.time.Duration;
import java.util.function.Consumer;

import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;

/**
 * Owns the runs of one server's probe: at most one at a time, and each result answers every request for {@code reuse}
 * after it. Readiness requests then cannot multiply connections to a server (each MQTT probe is a connection): a
 * burst of requests, or a client polling in a loop, costs the server at most one probe per {@code reuse}.
 */
final class SharedCheck {

    private final DependencyProbe probe;
    private final Duration timeout;
    private final long reuseNanos;
    private final Consumer<DependencyStatus> onResult;
    private Uni<DependencyStatus> running;
    private DependencyStatus last;
    private long lastAt;

    SharedCheck(DependencyProbe probe, Duration timeout, Duration reuse, Consumer<DependencyStatus> onResult) {
        this.probe = probe;
        this.timeout = timeout;
        this.reuseNanos = reuse.toNanos();
        this.onResult = onResult;
    }

    DependencyProbe probe() {
        return probe;
    }

    /** The last result if younger than {@code reuse}, else the probe under way, else a new one; never fails. */
    synchronized Uni<DependencyStatus> status() {
        if (last != null && System.nanoTime() - lastAt < reuseNanos) {
            return Uni.createFrom().item(last);
        }
        if (running == null) {
            running = Uni.createFrom().deferred(probe::check)
                    .ifNoItem().after(timeout).fail()
                    .map(ignored -> new DependencyStatus(probe.name(), probe.address(), true, null))
                    .onFailure().recoverWithItem(failure -> new DependencyStatus(probe.name(), probe.address(), false,
                            reason(failure)))
                    .invoke(this::finished)
                    .memoize().indefinitely();
        }
        return running;
    }

    private void finished(DependencyStatus status) {
        synchronized (this) {
            last = status;
            lastAt = System.nanoTime();
            running = null;
        }
        onResult.accept(status);
    }

    private static String reason(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        if (root instanceof TimeoutException) {
            return "no answer within the probe timeout";
        }
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message.lines().findFirst().orElse(""));
    }
}
