package io.gmq.im.bench.load;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import io.vertx.core.Future;

/**
 * Runs one asynchronous operation (connect, join) for each of many clients with at most {@code concurrency} in
 * flight, retrying what the protocol says to retry, until all are done or a deadline passes; counts successes and
 * failures by kind.
 */
final class Batch<T> {

    /**
     * What a batch achieved: successes; failed attempts by kind (a retried item may fail several times); items that
     * finally failed, by their last kind (those still running at the deadline: "unfinished"); retries made.
     */
    record Outcome(int attempted, int ok, Map<String, Long> failures, Map<String, Long> gaveUp, long retries,
            double seconds) {
    }

    private final List<T> items;
    private final int retries;
    private final long deadline;
    private final Function<T, Future<?>> operation;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger ok = new AtomicInteger();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> gaveUp = new ConcurrentHashMap<>();
    private final LongAdder retried = new LongAdder();
    private final CountDownLatch done;

    private Batch(List<T> items, int retries, long deadline, Function<T, Future<?>> operation) {
        this.items = items;
        this.retries = retries;
        this.deadline = deadline;
        this.operation = operation;
        this.done = new CountDownLatch(items.size());
    }

    /**
     * Retries an item up to {@code retries} times (after 1, 2, 4… s) when it fails with a kind the protocol says to
     * retry: error 1009 (UNAVAILABLE) or a close code 4000–4499 (reconnect).
     */
    static <T> Outcome run(List<T> items, int concurrency, long timeoutSeconds, int retries,
            Function<T, Future<?>> operation) throws InterruptedException {
        long started = System.nanoTime();
        Batch<T> batch = new Batch<>(items, retries, started + TimeUnit.SECONDS.toNanos(timeoutSeconds), operation);
        for (int i = 0; i < Math.min(concurrency, items.size()); i++) {
            batch.startNext();
        }
        boolean finished = batch.done.await(timeoutSeconds, TimeUnit.SECONDS);
        batch.next.set(items.size());
        Map<String, Long> gaveUp = counts(batch.gaveUp);
        if (!finished) {
            gaveUp.merge("unfinished", batch.done.getCount(), Long::sum);
        }
        return new Outcome(items.size(), batch.ok.get(), counts(batch.failures), gaveUp, batch.retried.sum(),
                (System.nanoTime() - started) / 1e9);
    }

    private void startNext() {
        int index = next.getAndIncrement();
        if (index < items.size()) {
            attempt(items.get(index), 0);
        }
    }

    private void attempt(T item, int tries) {
        Future<?> future;
        try {
            future = operation.apply(item);
        } catch (RuntimeException e) {
            future = Future.failedFuture("other-" + e.getClass().getSimpleName());
        }
        future.onComplete(result -> {
            if (result.succeeded()) {
                ok.incrementAndGet();
            } else {
                String kind = String.valueOf(result.cause().getMessage());
                failures.computeIfAbsent(kind, k -> new LongAdder()).increment();
                if (tries < retries && retryable(kind) && System.nanoTime() < deadline) {
                    retried.increment();
                    CompletableFuture.delayedExecutor(1L << tries, TimeUnit.SECONDS).execute(() -> attempt(item, tries + 1));
                    return;
                }
                gaveUp.computeIfAbsent(kind, k -> new LongAdder()).increment();
            }
            done.countDown();
            startNext();
        });
    }

    private static boolean retryable(String kind) {
        if (kind.equals("error-1009")) {
            return true;
        }
        if (kind.startsWith("close-")) {
            int code = Integer.parseInt(kind.substring(6));
            return code >= 4000 && code < 4500;
        }
        return false;
    }

    private static Map<String, Long> counts(Map<String, LongAdder> adders) {
        Map<String, Long> counts = new TreeMap<>();
        adders.forEach((kind, count) -> counts.put(kind, count.sum()));
        return counts;
    }
}
