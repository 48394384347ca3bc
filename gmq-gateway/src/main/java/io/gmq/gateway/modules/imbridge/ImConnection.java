package io.gmq.gateway.modules.imbridge;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.gmq.gateway.module.ModuleContext;

/**
 * The bridge's presence in the IM: one WebSocket to im-comet as the bot user, kept open by one virtual thread that
 * logs in, connects, joins the rooms, asks the comet to recover each room from the last seq the relay processed,
 * sends heartbeats, and reconnects with backoff (one log line per outage). Sends go through it only while it is
 * connected and joined.
 */
public final class ImConnection {

    /** Where room traffic goes, and where each room resumes after a reconnect. */
    public interface Inbox {
        /** A room {@code message} or {@code recovered} frame; false when there is no room for it now. */
        boolean offer(JsonNode frame);

        /** Room → last seq processed, for the rooms whose position is known. */
        Map<String, Long> positions();
    }

    static final String JOIN = "join:";

    private final HttpClient http;
    private final URI comet;
    private final ImLogin login;
    private final String user;
    private final Set<String> rooms;
    private final Inbox inbox;
    private final Duration reconnectMin;
    private final Duration reconnectMax;
    private final Duration timeout;
    private final String module;
    private final Logger log;
    private volatile boolean running = true;
    private volatile ImLink ready;
    private Thread worker;
    private long outageSince;
    private long connectedAt;

    private ImConnection(HttpClient http, URI comet, ImLogin login, String user, Set<String> rooms, Inbox inbox,
            Duration reconnectMin, Duration reconnectMax, Duration timeout, String module, Logger log) {
        this.http = http;
        this.comet = comet;
        this.login = login;
        this.user = user;
        this.rooms = rooms;
        this.inbox = inbox;
        this.reconnectMin = reconnectMin;
        this.reconnectMax = reconnectMax;
        this.timeout = timeout;
        this.module = module;
        this.log = log;
    }

    /** A connection for the bot {@code user}, logging in with {@code password} at logic, or with a fixed token. */
    public static ImConnection create(HttpClient http, URI comet, String logicUrl, String user, String password,
            String token, Set<String> rooms, Inbox inbox, Duration reconnectMin, Duration reconnectMax,
            Duration timeout, ModuleContext context) {
        return new ImConnection(http, comet, new ImLogin(http, logicUrl, user, password, token), user, rooms, inbox,
                reconnectMin, reconnectMax, timeout, context.name(), context.log());
    }

    public void start() {
        worker = Thread.ofVirtual().name("gmq-imbridge-" + module + "-ws").start(this::run);
    }

    /** Sends a frame and returns its answer (ack or error); Unavailable while not connected, or on no answer. */
    JsonNode request(String cid, ObjectNode frame) throws ImLink.Unavailable, InterruptedException {
        ImLink link = ready;
        if (link == null) {
            throw new ImLink.Unavailable("not connected to " + comet + " as " + user);
        }
        return link.call(cid, frame, timeout);
    }

    /** Closes the connection (a close frame, then the socket) and ends the thread that kept it. */
    public void stop() throws InterruptedException {
        running = false;
        worker.interrupt();
        worker.join(Duration.ofSeconds(5));
    }

    private void run() {
        Duration backoff = reconnectMin;
        while (running) {
            ImLink link = new ImLink(this::roomFrame);
            String cause;
            try {
                cause = session(link);
            } catch (InterruptedException e) {
                link.close("bridge stopping", true);
                return;
            } catch (ExecutionException e) {
                cause = describe(e.getCause());
            } catch (TimeoutException e) {
                cause = "the comet did not answer within " + timeout;
            } catch (Exception e) {
                cause = describe(e);
            } finally {
                ready = null;
            }
            if (!running) {
                link.close("bridge stopping", true);
                return;
            }
            link.close(cause, false);
            boolean wasUp = outageSince == 0;
            if (wasUp) {
                outageSince = System.nanoTime();
                log.warnf("GMQ-IMB-002 module %s: no connection to %s as %s: %s; reconnecting with backoff (%d to %d ms)",
                        module, comet, user, cause, reconnectMin.toMillis(), reconnectMax.toMillis());
            } else {
                log.debugf("module %s: connecting to %s failed again: %s", module, comet, cause);
            }
            // 4500-4999 say "not with these credentials": wait the longest before trying (with a fresh login) again.
            // A connection that keeps dropping soon after it opened backs off as if it had never opened.
            boolean stable = wasUp && System.nanoTime() - connectedAt > reconnectMax.toNanos();
            backoff = link.closeCode() >= 4500 && link.closeCode() != 4502 ? reconnectMax
                    : stable ? reconnectMin : backoff;
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                return;
            }
            backoff = backoff.multipliedBy(2).compareTo(reconnectMax) > 0 ? reconnectMax : backoff.multipliedBy(2);
        }
    }

    /** One connection from login to close; returns why it ended. */
    private String session(ImLink link) throws Exception {
        String token = login.token();
        http.newWebSocketBuilder().header("Authorization", "Bearer " + token).connectTimeout(timeout)
                .buildAsync(comet, link).get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        JsonNode welcome = link.welcome.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Set<String> joined = new LinkedHashSet<>();
        welcome.path("rooms").forEach(r -> joined.add(r.asText()));
        joined.retainAll(rooms);
        for (String room : rooms) {
            if (!joined.contains(room) && join(link, room)) {
                joined.add(room);
            }
        }
        ObjectNode last = ImLink.JSON.createObjectNode();
        inbox.positions().forEach((room, seq) -> {
            if (joined.contains(room)) {
                last.put("r:" + room, seq);
            }
        });
        if (!last.isEmpty()) {
            // Answered by the gap's messages and a recovered frame per room (the relay drops what it already had).
            ObjectNode recover = ImLink.JSON.createObjectNode().put("type", "recover").put("cid", "recover");
            recover.set("last", last);
            link.send(recover, timeout);
        }
        ready = link;
        connectedAt = System.nanoTime();
        log.infof("GMQ-IMB-001 module %s: connected to %s as %s, in rooms %s, recovering %s%s", module, comet, user,
                joined, last, outageSince == 0 ? "" : " after " + (System.nanoTime() - outageSince) / 1_000_000 + " ms");
        outageSince = 0;
        long beat = Math.max(1000, welcome.path("heartbeat").asLong(20_000) * 3 / 4);
        ObjectNode heartbeat = ImLink.JSON.createObjectNode().put("type", "heartbeat");
        while (running) {
            try {
                return link.closed.get(beat, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                link.send(heartbeat, timeout);
            }
        }
        return "bridge stopping";
    }

    private static String describe(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    /** Joins a room; a refusal is logged (device messages for it are then refused too) and the others go on. */
    private boolean join(ImLink link, String room) throws ImLink.Unavailable, InterruptedException {
        JsonNode answer = link.call(JOIN + room, ImLink.JSON.createObjectNode().put("type", "join").put("room", room),
                timeout);
        if (!"error".equals(answer.path("type").asText())) {
            return true;
        }
        if (answer.path("code").asInt() == 1009) {
            throw new ImLink.Unavailable("joining " + room + ": " + answer.path("message").asText());
        }
        log.errorf("GMQ-IMB-003 module %s: %s may not join room %s: %d %s %s", module, user, room,
                answer.path("code").asInt(), answer.path("error").asText(), answer.path("message").asText());
        return false;
    }

    /** Frames that answer nothing: room traffic goes to the inbox, the rest is the bot's own business. */
    private void roomFrame(ImLink link, JsonNode frame) {
        String type = frame.path("type").asText("");
        String conversation = frame.path("conversation").asText("");
        if (("message".equals(type) || "recovered".equals(type)) && conversation.startsWith("r:")
                && rooms.contains(conversation.substring(2))) {
            if (!inbox.offer(frame)) {
                // Nothing is lost: the relay has not processed this seq, so the recovery after the reconnect brings it.
                log.warnf("GMQ-IMB-012 module %s: command buffer full at seq %d of %s; reconnecting to recover the room"
                        + " from the last processed seq", module, frame.path("seq").asLong(), conversation);
                link.close("command buffer full", false);
            }
        } else if ("error".equals(type)) {
            log.warnf("GMQ-IMB-014 module %s: the comet refused a frame of %s: %d %s %s (ref %s)", module, user,
                    frame.path("code").asInt(), frame.path("error").asText(), frame.path("message").asText(),
                    frame.path("ref").asText());
        } else if ("message".equals(type)) {
            // The bot's inbox and rooms it is not bridging: nothing there is addressed to a device.
            log.debugf("module %s: ignored a message in %s from %s", module, conversation, frame.path("from").asText());
        }
    }
}
