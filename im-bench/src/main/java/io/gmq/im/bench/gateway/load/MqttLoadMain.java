package io.gmq.im.bench.gateway.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The gateway bench's load generator, a JVM of its own: one MQTT publisher and one subscriber on the broker, a probe
 * until the path carries messages, a warm-up, then the measured messages; {@code key=value} arguments in, progress
 * lines and one {@code RESULT {json}} line out (the IM bench's generator protocol).
 */
public final class MqttLoadMain {

    private static final ObjectMapper JSON = new ObjectMapper();

    private MqttLoadMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            p.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        long deadline = Long.parseLong(p.getOrDefault("deadline-seconds", "900"));
        Thread.ofPlatform().daemon().start(() -> {
            try {
                Thread.sleep(deadline * 1000);
                System.out.println("deadline of " + deadline + " s passed: giving up");
                System.out.flush();
                Runtime.getRuntime().halt(3);
            } catch (InterruptedException e) {
                // not reached: the JVM exits first
            }
        });
        System.out.println("RESULT " + JSON.writeValueAsString(run(p)));
        System.out.flush();
        System.exit(0);
    }

    private static ObjectNode run(Map<String, String> p) throws Exception {
        String host = p.get("host");
        int port = Integer.parseInt(p.get("port"));
        int qos = Integer.parseInt(p.get("qos"));
        int size = Math.max(Payload.MIN_SIZE, Integer.parseInt(p.get("size")));
        long count = Long.parseLong(p.get("count"));
        long warmup = Long.parseLong(p.get("warmup"));
        double rate = Double.parseDouble(p.getOrDefault("rate", "0"));
        long idleMillis = Long.parseLong(p.getOrDefault("idle-seconds", "15")) * 1000;
        String run = p.get("run");
        Tally tally = new Tally();
        Cpu cpu = Cpu.of(p.getOrDefault("pids", ""));
        // Two brokers (peer "bridge"): the subscriber is on the second one.
        int subPort = Integer.parseInt(p.getOrDefault("sub-port", Integer.toString(port)));
        try (GatewayWatch watch = new GatewayWatch(p.get("management"));
                Subscriber subscriber = new Subscriber(host, subPort, run + "-sub", p.get("sub-topic"), qos, size, tally);
                Publisher publisher = new Publisher(host, port, run + "-pub", p.get("pub-topic"), qos,
                        Integer.parseInt(p.get("window")))) {
            probe(publisher, tally, size);
            watch.start();
            if (warmup > 0) {
                long begin = System.nanoTime();
                publisher.sendAll(warmup, rate, seq -> Payload.make('w', seq, System.nanoTime(), size), -1, null);
                awaitReceived(tally::warmup, warmup, idleMillis, null);
                System.out.printf("warm-up: %d of %d back in %.1f s%n", tally.warmup(), warmup,
                        (System.nanoTime() - begin) / 1e9);
            }
            Runnable swap = swap(p);
            long swapAt = swap == null ? -1 : Long.parseLong(p.get("swap-at"));
            cpu.start();
            watch.phase();
            long start = System.nanoTime();
            publisher.sendAll(count, rate, seq -> Payload.make('m', seq, System.nanoTime(), size), swapAt, swap);
            boolean allAcked = publisher.awaitAcked(idleMillis * 4);
            long published = System.nanoTime();
            awaitReceived(tally::distinct, count, idleMillis, cpu);
            ObjectNode figures = JSON.createObjectNode();
            double seconds = (Math.max(tally.lastNanos(), start) - start) / 1e9;
            figures.put("msgs_per_s", seconds <= 0 ? 0 : Math.round(tally.distinct() / seconds));
            figures.put("publish_per_s", Math.round(count / ((published - start) / 1e9)));
            figures.put("sent", count);
            figures.put("received", tally.distinct());
            figures.put("lost", count - tally.distinct());
            figures.put("duplicates", tally.duplicates());
            figures.put("reordered", tally.reordered());
            figures.put("p50_ms", tally.latencyMs(50));
            figures.put("p99_ms", tally.latencyMs(99));
            figures.put("max_ms", tally.latencyMs(100));
            figures.put("seconds", Math.round(seconds * 100) / 100.0);
            figures.put("publisher_all_acked", allAcked);
            figures.put("other_messages", tally.foreign());
            cpu.put(figures);
            watch.put(figures);
            if (subscriber.failure() != null) {
                figures.put("subscriber_failure", subscriber.failure().toString());
            }
            return figures;
        }
    }

    /** Publishes probe messages until one comes back: the path (subscriptions on every hop) is up. */
    private static void probe(Publisher publisher, Tally tally, int size) throws Exception {
        long giveUp = System.nanoTime() + 60_000_000_000L;
        for (long seq = 0; tally.probes() == 0; seq++) {
            if (System.nanoTime() > giveUp) {
                throw new IllegalStateException("no probe message came back within 60 s: is the path up?");
            }
            publisher.send(Payload.make('p', seq, System.nanoTime(), size));
            publisher.flush();
            Thread.sleep(200);
        }
    }

    /** Waits until {@code target} arrived or nothing new came for {@code idleMillis}; samples CPU at each progress. */
    private static void awaitReceived(java.util.function.LongSupplier received, long target, long idleMillis, Cpu cpu)
            throws InterruptedException {
        long last = -1;
        long progressAt = System.nanoTime();
        long reportAt = System.nanoTime() + 5_000_000_000L;
        while (true) {
            long now = received.getAsLong();
            if (now != last) {
                last = now;
                progressAt = System.nanoTime();
                if (cpu != null) {
                    cpu.sample();
                }
            }
            if (now >= target || System.nanoTime() - progressAt > idleMillis * 1_000_000) {
                return;
            }
            if (System.nanoTime() > reportAt) {
                System.out.printf("received %d of %d%n", now, target);
                reportAt += 5_000_000_000L;
            }
            Thread.sleep(10);
        }
    }

    /** {@code swap-from}/{@code swap-to}: the file replaced mid-run (the gateway's module overlay), or null. */
    private static Runnable swap(Map<String, String> p) {
        if (!p.containsKey("swap-from")) {
            return null;
        }
        return () -> {
            try {
                Path to = Path.of(p.get("swap-to"));
                Path staged = to.resolveSibling(to.getFileName() + ".next");
                Files.copy(Path.of(p.get("swap-from")), staged, StandardCopyOption.REPLACE_EXISTING);
                Files.move(staged, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                System.out.println("overlay rewritten: " + to);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
    }
}
