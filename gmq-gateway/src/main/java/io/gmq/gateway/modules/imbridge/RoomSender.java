package io.gmq.gateway.modules.imbridge;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.gmq.gateway.bus.Envelope;
import io.gmq.gateway.module.ModuleContext;

/**
 * The way from the devices to the rooms: one device message becomes one room send as the bot user, with a client id
 * made from the bus message id, so logic de-duplicates a retry. A send the IM cannot take now is retried with
 * backoff while the module's queue holds the rest; one it refuses for good fails that message.
 */
public final class RoomSender {

    /** A device message the IM will never take as it is (or that no route covers). */
    public static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    /** 1010 INTERNAL may be a passing fault or this very message: tried this often before the message fails. */
    private static final int INTERNAL_ATTEMPTS = 5;

    private final ImConnection connection;
    private final DeviceRoutes routes;
    private final Duration retryMin;
    private final Duration retryMax;
    private final ModuleContext context;
    private final LongAdder sent = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder retries = new LongAdder();

    public RoomSender(ImConnection connection, DeviceRoutes routes, Duration retryMin, Duration retryMax,
            ModuleContext context) {
        this.connection = connection;
        this.routes = routes;
        this.retryMin = retryMin;
        this.retryMax = retryMax;
        this.context = context;
    }

    /** Returns once the IM acknowledged the message; an interrupt (module stop) leaves it to the queue. */
    public void deliver(Envelope message) throws Refused, InterruptedException {
        String room = routes.room(message.topic());
        if (room == null) {
            refused.increment();
            throw new Refused("GMQ-IMB-007 no entry of 'routes' matches topic " + message.topic());
        }
        String cid = "gmq-" + message.id();
        ObjectNode frame = ImLink.JSON.createObjectNode().put("type", "send").put("kind", "room").put("room", room)
                .put("body", routes.body(message));
        Duration wait = retryMin;
        long since = 0;
        int internal = 0;
        while (true) {
            String cause;
            try {
                JsonNode answer = connection.request(cid, frame);
                if ("ack".equals(answer.path("type").asText())) {
                    sent.increment();
                    if (since != 0) {
                        context.log().infof("GMQ-IMB-006 module %s: room %s took held message %s after %d ms",
                                context.name(), room, message.id(), (System.nanoTime() - since) / 1_000_000);
                    }
                    return;
                }
                int code = answer.path("code").asInt();
                cause = code + " " + answer.path("error").asText() + " " + answer.path("message").asText();
                if (code != 1009 && (code != 1010 || ++internal >= INTERNAL_ATTEMPTS)) {
                    refused.increment();
                    throw new Refused("GMQ-IMB-004 the IM refused it for room " + room + " as " + cid + ": " + cause);
                }
            } catch (ImLink.Unavailable e) {
                cause = e.getMessage();
            }
            retries.increment();
            if (since == 0) {
                since = System.nanoTime();
                context.log().warnf("GMQ-IMB-005 module %s: message %s for room %s not taken yet (%s); retrying every"
                        + " %d to %d ms, later messages wait in the module's queue", context.name(), message.id(), room,
                        cause, retryMin.toMillis(), retryMax.toMillis());
            }
            Thread.sleep(wait);
            wait = wait.multipliedBy(2).compareTo(retryMax) > 0 ? retryMax : wait.multipliedBy(2);
        }
    }

    public String summary() {
        return String.format("%d device messages into rooms, %d refused, %d retries", sent.sum(), refused.sum(),
                retries.sum());
    }
}
