package io.gmq.im.bench.load;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import io.vertx.core.Future;

/**
 * Runs one asynchronous operation (connect, join) for each of many clients with at most {@code concurrency} in
 * flight, until all are done or a deadline passes, and counts successes and failures by kind.
 */
final class Batch {

    /** What a batch achieved: successes, failures by kind (those still running at the deadline: "unfinished"). */
    record Outcome(int attempted, int ok, Map<String, Long> failures, double seconds) {
    }

    private Batch() {
    }

    static <T> Outcome run(List<T> items, int concurrency, long timeoutSeconds, Function<T, Future<?>> operation)
            throws InterruptedException {
        long started = System.nanoTime();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        Map<String, LongAdder> failures = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(items.size());
        Runnable[] start = new Runnable[1];
        start[0] = () -> {
            int index = next.getAndIncrement();
            if (index >= items.size()) {
                return;
            }
            Future<?> future;
            try {
                future = operation.apply(items.get(index));
            } catch (RuntimeException e) {
                future = Future.failedFuture("other-" + e.getClass().getSimpleName());
            }
            future.onComplete(result -> {
                if (result.succeeded()) {
                    ok.incrementAndGet();
                } else {
                    failures.computeIfAbsent(String.valueOf(result.cause().getMessage()), k -> new LongAdder()).increment();
                }
                done.countDown();
                start[0].run();
            });
        };
        for (int i = 0; i < Math.min(concurrency, items.size()); i++) {
            start[0].run();
        }
        boolean finished = done.await(timeoutSeconds, TimeUnit.SECONDS);
        next.set(items.size());
        Map<String, Long> counts = new TreeMap<>();
        failures.forEach((kind, count) -> counts.put(kind, count.sum()));
        if (!finished) {
            counts.merge("unfinished", done.getCount(), Long::sum);
        }
        return new Outcome(items.size(), ok.get(), counts, (System.nanoTime() - started) / 1e9);
    }
}
