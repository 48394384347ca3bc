package io.gmq.gateway.module;

import java.time.Duration;

/**
 * Owns the retries of a module whose start failed for a cause that may pass (a database or broker not answering yet,
 * a child process that crashed): the next attempt after 1 s, doubling to 30 s, until one succeeds or the module is
 * stopped, restarted or removed. A configuration error is not retried: it fails the same way until the declaration
 * changes.
 */
final class StartRetry {

    static final Duration FIRST = Duration.ofSeconds(1);
    static final Duration LONGEST = Duration.ofSeconds(30);

    private final String name;
    private Duration next = FIRST;
    private int failures;
    private Thread timer;

    StartRetry(String name) {
        this.name = name;
    }

    /** Whether a start that threw this may succeed later without a change of declaration. */
    static boolean mayPass(Throwable failure) {
        return !(failure instanceof IllegalArgumentException) && !(failure instanceof LinkageError);
    }

    /** Schedules {@code attempt} after the current delay; true for the first failure of an episode (log it). */
    synchronized boolean failed(Runnable attempt) {
        failures++;
        Duration delay = next;
        next = next.multipliedBy(2).compareTo(LONGEST) > 0 ? LONGEST : next.multipliedBy(2);
        timer = Thread.ofVirtual().name("gmq-module-" + name + "-retry").start(() -> {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                return;
            }
            attempt.run();
        });
        return failures == 1;
    }

    /** A start succeeded: returns how many failed before it, and starts the next episode from the first delay. */
    synchronized int succeeded() {
        int before = failures;
        failures = 0;
        next = FIRST;
        timer = null;
        return before;
    }

    /** Stopped, restarted or removed: no attempt after this. */
    synchronized void cancel() {
        if (timer != null && timer != Thread.currentThread()) {
            timer.interrupt();
        }
        timer = null;
        failures = 0;
        next = FIRST;
    }
}
