package io.gmq.gateway.modules.imbridge;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import com.fasterxml.jackson.databind.JsonNode;

import io.gmq.gateway.module.ModuleContext;
import io.gmq.gateway.module.PublishResult;

/**
 * The way from the rooms to the devices: room frames wait in a bounded buffer in arrival order; one virtual thread
 * drops repeats by seq, turns {@code <prefix> <device> <text>} from an allowed member into a bus message on the
 * device's command topic, and holds a message the bus refuses until it is taken. A seq counts as processed only once
 * its command is on the bus, so what a stop leaves behind is recovered by the next start.
 */
public final class CommandRelay implements ImConnection.Inbox {

    /** @param allowedUsers who may command devices; empty: every member of the room */
    public record Rules(String botUser, String prefix, String topicTemplate, Set<String> allowedUsers, int capacity) {
    }

    private final Rules rules;
    private final ModuleContext context;
    private final ArrayBlockingQueue<JsonNode> buffer;
    private final Map<String, SeqWindow> windows = new ConcurrentHashMap<>();
    /** Offered and not processed yet: what a stop waits for. */
    private final AtomicInteger unsettled = new AtomicInteger();
    private final LongAdder published = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder undeliverable = new LongAdder();
    private final LongAdder lost = new LongAdder();
    private volatile boolean running = true;
    private Thread worker;

    /** @param positions room → last seq processed by an earlier instance (resumed from there) */
    public CommandRelay(Rules rules, ModuleContext context, Map<String, Long> positions) {
        this.rules = rules;
        this.context = context;
        this.buffer = new ArrayBlockingQueue<>(rules.capacity());
        positions.forEach((room, seq) -> windows.put(room, new SeqWindow(seq)));
    }

    public void start() {
        worker = Thread.ofVirtual().name("gmq-imbridge-" + context.name() + "-cmd").start(this::run);
    }

    @Override
    public boolean offer(JsonNode frame) {
        long seq = frame.path("seq").asLong(0);
        if ("message".equals(frame.path("type").asText()) && seq > 0) {
            // The first message seen in a room is where the bridge starts: from then on the room has a position, so
            // a frame refused below (buffer full) is recovered after the reconnect even before anything was processed.
            windows.computeIfAbsent(frame.path("conversation").asText().substring(2), r -> new SeqWindow(seq - 1));
        }
        unsettled.incrementAndGet();
        if (buffer.offer(frame)) {
            return true;
        }
        unsettled.decrementAndGet();
        return false;
    }

    @Override
    public Map<String, Long> positions() {
        Map<String, Long> positions = new LinkedHashMap<>();
        windows.forEach((room, window) -> {
            if (window.watermark() >= 0) {
                positions.put(room, window.watermark());
            }
        });
        return positions;
    }

    /** Processes what is buffered for up to {@code timeout}, then ends; returns how many frames were left. */
    public int stop(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (unsettled.get() > 0 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(5);
        }
        running = false;
        worker.interrupt();
        worker.join(Duration.ofSeconds(5));
        return unsettled.get();
    }

    public String summary() {
        return String.format("%d commands onto the bus, %d refused, %d undeliverable, %d room messages lost to gaps",
                published.sum(), refused.sum(), undeliverable.sum(), lost.sum());
    }

    private void run() {
        while (running) {
            try {
                JsonNode frame = buffer.poll(100, TimeUnit.MILLISECONDS);
                if (frame != null) {
                    process(frame);
                    unsettled.decrementAndGet();
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void process(JsonNode frame) throws InterruptedException {
        String room = frame.path("conversation").asText().substring(2);
        SeqWindow window = windows.computeIfAbsent(room, r -> new SeqWindow(-1));
        if ("recovered".equals(frame.path("type").asText())) {
            if (!frame.path("recovered").asBoolean(true)) {
                gap(room, window.giveUpGap(), frame.path("reason").asText());
            }
            return;
        }
        long seq = frame.path("seq").asLong();
        if (window.seen(seq)) {
            return;
        }
        String body = frame.path("body").asText("");
        String from = frame.path("from").asText("");
        if (!from.equals(rules.botUser()) && DeviceCommand.addressed(body, rules.prefix())) {
            command(room, from, seq, frame.path("id").asText(), body);
        }
        gap(room, window.processed(seq), "not recovered after " + SeqWindow.LIMIT + " newer messages");
    }

    private void command(String room, String from, long seq, String id, String body) throws InterruptedException {
        DeviceCommand command;
        try {
            if (!rules.allowedUsers().isEmpty() && !rules.allowedUsers().contains(from)) {
                throw new DeviceCommand.Malformed(from + " is not in command-users");
            }
            command = DeviceCommand.parse(body, rules.prefix());
        } catch (DeviceCommand.Malformed e) {
            refused.increment();
            context.log().warnf("GMQ-IMB-008 module %s: command %s (seq %d of room %s) from %s refused: %s",
                    context.name(), id, seq, room, from, e.getMessage());
            return;
        }
        String topic = command.topic(rules.topicTemplate(), room);
        Map<String, String> headers = Map.of("im-room", room, "im-from", from, "im-message-id", id, "im-seq",
                Long.toString(seq), "device", command.device());
        byte[] payload = command.text().getBytes(StandardCharsets.UTF_8);
        long wait = 20;
        long refusedSince = 0;
        while (true) {
            String refusal;
            try {
                PublishResult result = context.publish(topic, payload, headers);
                if (result.fullyDelivered() && result.delivered() > 0) {
                    published.increment();
                    if (refusedSince != 0) {
                        context.log().infof("GMQ-IMB-010 module %s: the bus took held command %s after %d ms",
                                context.name(), id, (System.nanoTime() - refusedSince) / 1_000_000);
                    }
                    return;
                }
                if (result.fullyDelivered()) {
                    undeliverable(id, topic, "no module subscribes to it (is the mqtt-bridge running?)");
                    return;
                }
                refusal = "queue full at " + result.rejectedBy();
            } catch (IllegalArgumentException e) {
                undeliverable(id, topic, e.getMessage());
                return;
            }
            if (refusedSince == 0) {
                refusedSince = System.nanoTime();
                context.log().warnf("GMQ-IMB-009 module %s: the bus refused command %s for %s (%s); holding it, and the"
                        + " commands after it, until the bus takes it", context.name(), id, topic, refusal);
            }
            TimeUnit.MILLISECONDS.sleep(wait);
            wait = Math.min(wait * 2, 1000);
        }
    }

    /** Can never be delivered as configured: retrying would only hold back the commands after it. */
    private void undeliverable(String id, String topic, String why) {
        undeliverable.increment();
        context.log().errorf("GMQ-IMB-011 module %s: command %s for %s dropped: %s (%d so far)", context.name(), id,
                topic, why, undeliverable.sum());
    }

    private void gap(String room, long missing, String reason) {
        if (missing > 0) {
            lost.add(missing);
            context.log().errorf("GMQ-IMB-013 module %s: %d messages of room %s cannot be recovered (%s); commands"
                    + " among them never reach their devices", context.name(), missing, room, reason);
        }
    }
}
