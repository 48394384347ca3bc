package io.gmq.im.bench.load;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.HdrHistogram.Histogram;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code soak}: a steady mixed load for {@code minutes} — rooms with a sender each and peer pairs that ack their inbox,
 * both driven by {@link Traffic} side by side — and, after each {@code sample-seconds} interval, a {@link Sampler} look
 * at every process. The bench judges the samples; this reports them and the run's message totals.
 */
final class SoakScenario {

    /** Each interval is two steps (room, peer) and a body carries a two-digit step: 1–98. */
    static final int MAX_INTERVALS = 49;
    private static final String[] KEPT = { "sent", "expected", "delivered", "lost", "duplicates", "reordered",
            "deliveries_per_s", "p50_ms", "p99_ms", "max_ms", "send_errors" };

    private SoakScenario() {
    }

    static ObjectNode run(Load load) throws Exception {
        int every = load.number("sample-seconds");
        int intervals = load.number("minutes") * 60 / every;
        if (intervals < 1 || intervals > MAX_INTERVALS) {
            throw new IllegalArgumentException("soak: minutes × 60 / sample-seconds must be 1–" + MAX_INTERVALS
                    + " samples, not " + intervals + ": raise --sample-seconds for a longer soak");
        }
        ObjectNode figures = Load.JSON.createObjectNode();
        RoomScenario.Crowd rooms = RoomScenario.crowd(load, figures.putObject("rooms"));
        load.tally.resetConnects();
        List<Traffic.Sender> pairs = PeerScenario.pairs(load, figures.putObject("peer"));
        if (rooms.senders().isEmpty() || pairs.isEmpty()) {
            figures.put("aborted", "no room sender or no peer pair connected");
            return figures;
        }
        Traffic roomTraffic = new Traffic(load.vertx, load.tally, rooms.senders(), load.pids);
        Traffic peerTraffic = new Traffic(load.vertx, load.tally, pairs, load.pids);
        double roomRate = Double.parseDouble(load.text("room-rate")) * rooms.senders().size();
        double peerRate = Double.parseDouble(load.text("peer-rate"));
        int drain = load.number("drain-seconds");
        Sampler sampler = new Sampler(load.pids, gcLogs(load));
        // The collections of start-up and connecting are not the first interval's.
        sampler.sample();
        ArrayNode samples = figures.putArray("samples");
        LoadMain.log(String.format("soak: %.0f room msg/s (%d rooms) and %.0f peer msg/s (%d users) for %d × %d s",
                roomRate, rooms.senders().size(), peerRate, pairs.size(), intervals, every));
        long started = System.nanoTime();
        try (ExecutorService roomThread = Executors.newSingleThreadExecutor()) {
            for (int k = 1; k <= intervals; k++) {
                int step = 2 * k - 1;
                Future<ObjectNode> room = roomThread.submit(() -> roomTraffic.run(step, roomRate, every, drain));
                ObjectNode peer = peerTraffic.run(step + 1, peerRate, every, drain);
                ObjectNode roomStep = room.get();
                ObjectNode sample = samples.addObject().put("sample", k)
                        .put("minutes", CpuWindow.round((System.nanoTime() - started) / 60e9));
                ObjectNode procs = sampler.sample();
                procs.properties().forEach(p -> {
                    if (peer.has(p.getKey() + "_cpu_pct")) {
                        ((ObjectNode) p.getValue()).set("cpu_pct", peer.get(p.getKey() + "_cpu_pct"));
                    }
                });
                sample.set("procs", procs);
                sample.set("rooms", kept(roomStep));
                sample.set("peer", kept(peer));
                sample.put("open_clients", load.open(rooms.members().stream().map(RoomScenario.Member::client).toList())
                        + pairs.stream().filter(s -> s.client().isOpen()).count());
                LoadMain.log(brief(sample));
            }
        }
        figures.set("rooms_total", total(load.tally, intervals, 1));
        figures.set("peer_total", total(load.tally, intervals, 2));
        RoomScenario.gaps((ObjectNode) figures.get("rooms"), rooms.members());
        figures.set("closed_by_server", Load.JSON.valueToTree(load.tally.closes()));
        figures.set("error_frames", Load.JSON.valueToTree(load.tally.errors()));
        return figures;
    }

    /** The GC log of each process the bench passed one for ({@code <name>-gc-log}). */
    private static Map<String, Path> gcLogs(Load load) {
        Map<String, Path> files = new LinkedHashMap<>();
        for (String name : new String[] { "logic", "push", "comet", "generator" }) {
            String file = load.params.get(name + "-gc-log");
            if (file != null) {
                files.put(name, Path.of(file));
            }
        }
        return files;
    }

    /** One progress line: each process's RSS, heap after GC, threads and fds; each kind's p99 and lost copies. */
    private static String brief(ObjectNode sample) {
        StringBuilder line = new StringBuilder(String.format("sample %d at %s min:", sample.get("sample").asInt(),
                sample.get("minutes")));
        sample.get("procs").properties().forEach(p -> line.append(String.format(" %s %s MB/heap %s MB/%s thr/%s fd;",
                p.getKey(), p.getValue().path("rss_mb"), p.getValue().path("heap_min_mb"), p.getValue().path("threads"),
                p.getValue().path("fds"))));
        for (String kind : new String[] { "rooms", "peer" }) {
            line.append(String.format(" %s p99 %s ms lost %s;", kind, sample.get(kind).path("p99_ms"),
                    sample.get(kind).path("lost")));
        }
        return line.toString();
    }

    private static ObjectNode kept(ObjectNode step) {
        ObjectNode kept = Load.JSON.createObjectNode();
        for (String name : KEPT) {
            if (step.has(name)) {
                kept.set(name, step.get(name));
            }
        }
        return kept;
    }

    /**
     * One kind's figures over the whole run, counted once the last drain ended (a copy that arrived after its own
     * interval's drain is delivered, not lost): steps {@code first}, {@code first + 2}, ….
     */
    private static ObjectNode total(Tally tally, int intervals, int first) {
        long sent = 0;
        long expected = 0;
        long delivered = 0;
        long lost = 0;
        long duplicates = 0;
        long reordered = 0;
        Histogram latency = new Histogram(600_000_000L, 3);
        for (int k = 0; k < intervals; k++) {
            StepStats step = tally.step(first + 2 * k);
            sent += step.sent.sum();
            expected += step.expected.sum();
            delivered += step.delivered.sum();
            lost += Math.max(0, step.expected.sum() - step.delivered.sum());
            duplicates += step.duplicates.sum();
            reordered += step.reordered.sum();
            latency.add(step.latency());
        }
        ObjectNode total = Load.JSON.createObjectNode().put("sent", sent).put("expected", expected)
                .put("delivered", delivered).put("lost", lost).put("duplicates", duplicates)
                .put("reordered", reordered);
        if (latency.getTotalCount() > 0) {
            total.put("p50_ms", CpuWindow.round(latency.getValueAtPercentile(50) / 1000.0))
                    .put("p99_ms", CpuWindow.round(latency.getValueAtPercentile(99) / 1000.0))
                    .put("max_ms", CpuWindow.round(latency.getMaxValue() / 1000.0));
        }
        return total;
    }
}
