package io.gmq.im.bench.load;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.function.IntSupplier;

import org.HdrHistogram.Histogram;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.Vertx;

/**
 * One load step: sends at a steady total rate, round-robin over the senders, for a fixed time; then waits (bounded)
 * until every expected copy arrived; then reports the step's latency, loss, repeats, order and CPU figures.
 */
final class Traffic {

    /** A sending client: the frame it sends for a cid and body, and how many copies such a send should reach now. */
    record Sender(Client client, FrameFor frame, IntSupplier expectedCopies) {
    }

    interface FrameFor {
        String frame(String cid, String body);
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Vertx vertx;
    private final Tally tally;
    private final List<Sender> senders;
    private final Map<String, Long> pids;
    private final AtomicLong cids = new AtomicLong();

    Traffic(Vertx vertx, Tally tally, List<Sender> senders, Map<String, Long> pids) {
        this.vertx = vertx;
        this.tally = tally;
        this.senders = senders;
        this.pids = pids;
    }

    int senders() {
        return senders.size();
    }

    /** Runs step {@code step} (1–99; 0 is the warm-up) at {@code rate} messages/s and returns its figures. */
    ObjectNode run(int step, double rate, int seconds, int drainSeconds) throws InterruptedException {
        StepStats stats = tally.step(step);
        long messageFramesBefore = tally.messageFrames.sum();
        CpuWindow window = new CpuWindow(pids).start();
        long started = Frames.now();
        CountDownLatch sent = new CountDownLatch(1);
        long[] count = { 0 };
        long timer = vertx.setPeriodic(5, t -> {
            long elapsed = Frames.now() - started;
            long due = Math.min((long) (elapsed / 1e9 * rate), (long) (seconds * rate));
            for (; count[0] < due; count[0]++) {
                send(step, senders.get((int) (count[0] % senders.size())));
            }
            if (elapsed >= seconds * 1_000_000_000L) {
                vertx.cancelTimer(t);
                sent.countDown();
            }
        });
        if (!sent.await(seconds + 10L, TimeUnit.SECONDS)) {
            vertx.cancelTimer(timer);
        }
        long drainUntil = System.nanoTime() + drainSeconds * 1_000_000_000L;
        while (stats.delivered.sum() < stats.expected.sum() && System.nanoTime() < drainUntil) {
            Thread.sleep(50);
        }
        ObjectNode figures = JSON.createObjectNode();
        long deliveries = tally.messageFrames.sum() - messageFramesBefore;
        window.end(figures, deliveries, "delivery");
        // Everything received in the window, late copies of earlier steps included: what the server delivered.
        figures.put("received_per_s", CpuWindow.round(deliveries / ((Frames.now() - started) / 1e9)));
        return describe(step, rate, seconds, stats, started, figures);
    }

    private void send(int step, Sender sender) {
        if (!sender.client().isOpen()) {
            return;
        }
        String cid = "s" + step + "-" + cids.incrementAndGet();
        tally.sending(cid, step, sender.expectedCopies().getAsInt());
        sender.client().send(sender.frame().frame(cid, Frames.body(step, Frames.now())));
    }

    private static ObjectNode describe(int step, double rate, int seconds, StepStats stats, long started,
            ObjectNode cpu) {
        long expected = stats.expected.sum();
        long delivered = stats.delivered.sum();
        Histogram latency = stats.latency();
        double span = Math.max(seconds, (stats.lastDelivery.get() - started) / 1e9);
        ObjectNode figures = JSON.createObjectNode().put("step", step).put("rate_msg_per_s", rate)
                .put("seconds", seconds).put("sent", stats.sent.sum()).put("acked", stats.acks.sum())
                .put("expected", expected).put("delivered", delivered).put("lost", Math.max(0, expected - delivered))
                .put("duplicates", stats.duplicates.sum()).put("reordered", stats.reordered.sum())
                .put("deliveries_per_s", CpuWindow.round(delivered / span));
        IntFunction<Double> ms = p -> CpuWindow.round(latency.getValueAtPercentile(p / 10.0) / 1000.0);
        if (latency.getTotalCount() > 0) {
            figures.put("p50_ms", ms.apply(500)).put("p99_ms", ms.apply(990)).put("p999_ms", ms.apply(999))
                    .put("max_ms", CpuWindow.round(latency.getMaxValue() / 1000.0));
        }
        figures.set("send_errors", JSON.valueToTree(stats.sendErrors()));
        figures.setAll(cpu);
        return figures;
    }
}
