package io.gmq.im.bench.faults;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.gmq.im.bench.Machine;
import io.gmq.servers.GmqRoot;
import io.gmq.servers.Restartable;

/**
 * One round of the matrix: steady load, one fault on one target, load again, then a drain; measures what was accepted
 * (acknowledged to a sender), delivered to every member of its audience (after dedupe by seq), lost, duplicated,
 * reordered, how long until a message accepted after the fault was delivered, readiness changes and ERROR lines.
 */
final class Round {

    private final FaultStack stack;
    private final Map<String, ChatClient> clients;
    private final Senders senders;
    private final String target;
    private final String fault;
    private final Map<String, String> options;

    Round(FaultStack stack, Map<String, ChatClient> clients, Senders senders, String target, String fault,
            Map<String, String> options) {
        this.stack = stack;
        this.clients = clients;
        this.senders = senders;
        this.target = target;
        this.fault = fault;
        this.options = options;
    }

    static void printHeader() {
        System.out.printf("%n%-5s %-8s %-5s %8s %9s %6s %5s %5s %8s  %s%n", "round", "target", "fault", "accepted",
                "delivered", "lost", "dup", "reord", "resume_s", "readiness / ERROR lines");
    }

    ObjectNode run(String name, Runnable startLoad) throws Exception {
        long duplicates = sum(c -> c.duplicates.get());
        long reordered = sum(c -> c.reordered.get());
        Map<String, Long> logOffsets = new HashMap<>();
        for (String tier : FaultStack.TIERS) {
            logOffsets.put(tier, Files.exists(stack.log(tier)) ? Files.size(stack.log(tier)) : 0L);
        }
        Readiness readiness = new Readiness(stack);
        double loadBefore = Machine.loadAverage();
        startLoad.run();
        String prefix = senders.prefix();
        Thread.sleep(seconds("before"));
        long faultAt = System.nanoTime();
        apply();
        Thread.sleep(seconds("after"));
        senders.stop();
        long drainEnd = System.nanoTime() + seconds("drain") * 1_000_000L;
        while (missing(prefix).total > 0 && System.nanoTime() < drainEnd) {
            Thread.sleep(500);
        }
        Count count = missing(prefix);
        List<String> changes = readiness.stop();
        double resume = resume(prefix, faultAt);
        ObjectNode record = ChatClient.JSON.createObjectNode().put("round", name).put("target", target).put("fault", fault)
                .put("accepted", count.accepted).put("expected_copies", count.expected)
                .put("delivered_copies", count.expected - count.total).put("lost_copies", count.total)
                .put("duplicates", sum(c -> c.duplicates.get()) - duplicates)
                .put("reordered", sum(c -> c.reordered.get()) - reordered).put("resume_seconds", resume)
                .put("sender_retries", senders.retries.get()).put("commit", Machine.gitCommit(GmqRoot.path()))
                .put("load_before", loadBefore);
        ArrayNode lostSample = record.putArray("lost_sample");
        count.sample.forEach(lostSample::add);
        ArrayNode transitions = record.putArray("readiness");
        changes.forEach(transitions::add);
        ObjectNode errors = record.putObject("error_lines");
        List<String> errorSummary = new ArrayList<>();
        for (String tier : FaultStack.TIERS) {
            List<String> lines = errorLines(stack.log(tier), logOffsets.get(tier));
            errors.put(tier, lines.size());
            if (!lines.isEmpty()) {
                errorSummary.add(tier + ":" + lines.size());
                ArrayNode sample = record.withArray("error_sample");
                lines.stream().limit(2).forEach(l -> sample.add(l.length() > 240 ? l.substring(0, 240) : l));
            }
        }
        System.out.printf("%-5s %-8s %-5s %8d %9d %6d %5d %5d %8.1f  %s / %s%n", name, target, fault, count.accepted,
                count.expected - count.total, count.total, record.get("duplicates").asLong(),
                record.get("reordered").asLong(), resume, changes, errorSummary);
        return record;
    }

    private void apply() throws Exception {
        Restartable server = stack.server(target);
        switch (fault) {
            case "kill" -> {
                if (server != null) {
                    server.kill9();
                    server.restart();
                } else {
                    stack.kill9(target);
                    stack.startTier(target);
                }
            }
            case "stop" -> {
                List<Long> pids = stack.pids(target);
                for (long pid : pids) {
                    FaultStack.signal(pid, "STOP");
                }
                Thread.sleep(seconds("freeze"));
                for (long pid : pids) {
                    FaultStack.signal(pid, "CONT");
                }
            }
            case "term" -> {
                if (server != null) {
                    server.terminate(30);
                    server.restart();
                } else {
                    stack.terminate(target);
                    stack.startTier(target);
                }
            }
            default -> throw new IllegalArgumentException("fault " + fault + ": kill, stop or term");
        }
    }

    private record Count(long accepted, long expected, long total, List<String> sample) {
    }

    /** Copies (message × audience member) of this round's accepted messages not received yet. */
    private Count missing(String prefix) {
        long accepted = 0;
        long expected = 0;
        long missing = 0;
        List<String> sample = new ArrayList<>();
        for (Map.Entry<String, Senders.Accepted> entry : senders.accepted.entrySet()) {
            if (!entry.getKey().startsWith(prefix + "-")) {
                continue;
            }
            accepted++;
            for (String user : entry.getValue().audience()) {
                expected++;
                if (!clients.get(user).received.containsKey(entry.getKey())) {
                    missing++;
                    if (sample.size() < 5) {
                        sample.add(entry.getKey() + "->" + user);
                    }
                }
            }
        }
        return new Count(accepted, expected, missing, sample);
    }

    /** Seconds from the fault until the first delivery of a message accepted after it (-1: none). */
    private double resume(String prefix, long faultAt) {
        long first = Long.MAX_VALUE;
        for (Map.Entry<String, Senders.Accepted> entry : senders.accepted.entrySet()) {
            if (entry.getKey().startsWith(prefix + "-") && entry.getValue().at() > faultAt) {
                for (String user : entry.getValue().audience()) {
                    Long at = clients.get(user).received.get(entry.getKey());
                    if (at != null) {
                        first = Math.min(first, at);
                    }
                }
            }
        }
        return first == Long.MAX_VALUE ? -1 : (first - faultAt) / 1e9;
    }

    private long sum(java.util.function.ToLongFunction<ChatClient> counter) {
        return clients.values().stream().mapToLong(counter).sum();
    }

    private long seconds(String option) {
        return (long) (Double.parseDouble(options.get(option)) * 1000);
    }

    private static List<String> errorLines(Path log, long from) throws IOException {
        List<String> lines = new ArrayList<>();
        if (!Files.exists(log)) {
            return lines;
        }
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            file.seek(Math.min(from, file.length()));
            byte[] rest = new byte[(int) (file.length() - file.getFilePointer())];
            file.readFully(rest);
            for (String line : new String(rest, StandardCharsets.UTF_8).split("\n")) {
                if (line.contains(" ERROR ")) {
                    lines.add(line);
                }
            }
        }
        return lines;
    }

    static void append(Path results, ObjectNode record) throws IOException {
        Files.createDirectories(results.getParent());
        Files.writeString(results, record + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
