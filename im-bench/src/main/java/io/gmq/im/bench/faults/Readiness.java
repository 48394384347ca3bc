package io.gmq.im.bench.faults;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Watches each tier's readiness every 500 ms during a round and records every change (UP 200, DOWN 503, or no answer).
 */
final class Readiness {

    private final FaultStack stack;
    private final List<String> changes = new ArrayList<>();
    private final Map<String, Integer> last = new HashMap<>();
    private volatile boolean running = true;
    private final Thread thread;
    private final long begin = System.nanoTime();

    Readiness(FaultStack stack) {
        this.stack = stack;
        for (String tier : FaultStack.TIERS) {
            last.put(tier, 200);
        }
        this.thread = Thread.ofVirtual().start(this::run);
    }

    private void run() {
        while (running) {
            List<Thread> probes = new ArrayList<>();
            Map<String, Integer> now = new java.util.concurrent.ConcurrentHashMap<>();
            for (String tier : FaultStack.TIERS) {
                probes.add(Thread.ofVirtual().start(() -> now.put(tier, stack.ready(tier))));
            }
            for (Thread probe : probes) {
                try {
                    probe.join();
                } catch (InterruptedException e) {
                    return;
                }
            }
            synchronized (changes) {
                now.forEach((tier, status) -> {
                    if (!status.equals(last.put(tier, status))) {
                        changes.add(String.format("%s %s@%.1fs", tier, name(status), (System.nanoTime() - begin) / 1e9));
                    }
                });
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static String name(int status) {
        return status == 200 ? "UP" : status == 503 ? "DOWN" : "NO-ANSWER";
    }

    List<String> stop() throws InterruptedException {
        running = false;
        thread.join(5000);
        synchronized (changes) {
            return List.copyOf(changes);
        }
    }
}
