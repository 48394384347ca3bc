package io.gmq.im.it;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A sender as the protocol asks it to behave: peer messages one at a time, each retried with the same {@code cid} until
 * logic acknowledges it (a refused connection or 1009/503 means "try again"); and the check of what a receiver got:
 * every acknowledged message, once per seq, in send order.
 */
final class AckedLoad {

    private static final Duration GIVE_UP = Duration.ofSeconds(90);

    final Set<String> acked = ConcurrentHashMap.newKeySet();
    final AtomicInteger retries = new AtomicInteger();
    final AtomicInteger duplicateAcks = new AtomicInteger();
    final AtomicInteger sent = new AtomicInteger();
    private final ImApi api;
    private final String token;
    private final String to;
    private final String prefix;

    AckedLoad(ImApi api, String token, String to, String prefix) {
        this.api = api;
        this.token = token;
        this.to = to;
        this.prefix = prefix;
    }

    /** Sends {@code count} messages (cids prefix-0 ...) on another thread, at most {@code perSecond} a second. */
    CompletableFuture<Void> start(int count, int perSecond) {
        return CompletableFuture.runAsync(() -> {
            long begin = System.nanoTime();
            for (int i = 0; i < count; i++) {
                long due = begin + i * 1_000_000_000L / perSecond;
                sleepNanos(due - System.nanoTime());
                sendUntilAcked(prefix + "-" + i);
                sent.incrementAndGet();
            }
        });
    }

    private void sendUntilAcked(String cid) {
        long deadline = System.nanoTime() + GIVE_UP.toNanos();
        while (true) {
            try {
                HttpResponse<String> response = api.call("POST", "/api/v1/messages", token, WsClient.JSON.createObjectNode()
                        .put("cid", cid).put("kind", "peer").put("body", cid)
                        .set("to", WsClient.JSON.createArrayNode().add(to)));
                if (response.statusCode() == 202) {
                    if (WsClient.JSON.readTree(response.body()).path("duplicate").asBoolean()) {
                        duplicateAcks.incrementAndGet();
                    }
                    acked.add(cid);
                    return;
                }
                if (response.statusCode() != 503) {
                    throw new IllegalStateException(cid + " refused: " + response.statusCode() + " " + response.body());
                }
            } catch (IllegalStateException e) {
                throw e;
            } catch (Exception e) {
                // logic is down or its connection broke: nothing was promised, retry with the same cid
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(cid + " not acknowledged within " + GIVE_UP);
            }
            retries.incrementAndGet();
            sleepNanos(100_000_000L);
        }
    }

    /** What a receiver got of this sender's messages, against what was acknowledged. */
    Result check(List<JsonNode> received) {
        Map<Long, String> bySeq = new HashMap<>();
        Map<String, Long> seqOfCid = new HashMap<>();
        int copies = 0;
        List<String> conflicts = new ArrayList<>();
        for (JsonNode message : received) {
            String cid = message.path("cid").asText();
            if (!cid.startsWith(prefix + "-")) {
                continue;
            }
            copies++;
            long seq = message.path("seq").asLong();
            String previous = bySeq.putIfAbsent(seq, cid);
            if (previous != null && !previous.equals(cid)) {
                conflicts.add("seq " + seq + " names " + previous + " and " + cid);
            }
            seqOfCid.putIfAbsent(cid, seq);
        }
        List<String> lost = acked.stream().filter(cid -> !seqOfCid.containsKey(cid)).sorted().toList();
        // Sent one at a time: a later cid must have a higher seq.
        int reordered = 0;
        long last = 0;
        for (int i = 0; i < sent.get(); i++) {
            Long seq = seqOfCid.get(prefix + "-" + i);
            if (seq != null) {
                if (seq < last) {
                    reordered++;
                }
                last = Math.max(last, seq);
            }
        }
        return new Result(acked.size(), seqOfCid.size(), lost, copies - bySeq.size(), bySeq.size() - seqOfCid.size(),
                reordered, conflicts, retries.get(), duplicateAcks.get());
    }

    /**
     * lost: acknowledged but never received; duplicates: copies of a seq already received; renumbered: messages received
     * under two seqs (a duplicate the client cannot drop by seq).
     */
    record Result(int acked, int distinct, List<String> lost, int duplicates, int renumbered, int reordered,
            List<String> conflicts, int retries, int duplicateAcks) {

        @Override
        public String toString() {
            return "acked " + acked + ", received distinct " + distinct + ", lost " + lost.size()
                    + (lost.isEmpty() ? "" : " " + lost.subList(0, Math.min(20, lost.size()))) + ", duplicates " + duplicates
                    + ", renumbered " + renumbered + ", reordered " + reordered + ", seq conflicts " + conflicts
                    + ", sender retries " + retries + ", duplicate acks " + duplicateAcks;
        }
    }

    private static void sleepNanos(long nanos) {
        if (nanos > 0) {
            try {
                Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
