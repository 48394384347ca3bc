package io.gmq.im.push.service;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.google.common.util.concurrent.ListenableFuture;

import io.gmq.im.common.CometChannels;
import io.gmq.im.common.Conversations;
import io.gmq.im.common.InternalSecretClientInterceptor;
import io.gmq.im.push.config.PushConfig;
import io.gmq.im.push.repository.RouteReader;
import io.gmq.proto.im.comet.v1.DeliverReply;
import io.gmq.proto.im.comet.v1.DeliverRequest;
import io.gmq.proto.im.comet.v1.Delivery;
import io.gmq.proto.im.v1.Message;

/**
 * Hands numbered messages to the comets that host a recipient: per conversation one {@link Delivery} (its messages
 * in order; a room batch names the room, and the comet writes to its local sessions in it), per comet one call, all
 * comets in parallel. A comet that
 * fails or misses the deadline does not hold the batch up: the messages are already stored, the call is tried again
 * in the background a few times while the comet stays registered (a lost batch holding a conversation's last message
 * would otherwise reach its clients only with their next message), and its clients recover anything still missing.
 */
@ApplicationScoped
public class CometFanOut {

    private static final Logger LOG = Logger.getLogger(CometFanOut.class);

    private final RouteReader routes;
    private final CometChannels channels;
    private final long timeoutMillis;
    private final Set<String> failing = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Bounded: past it a failed call is not retried (its clients still recover from storage). */
    private static final int MAX_RETRIES_WAITING = 256;
    private static final long[] RETRY_DELAYS_MILLIS = { 1_000, 2_000, 4_000, 8_000 };
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("im-push-redelivery").daemon().factory());
    private final AtomicInteger retriesWaiting = new AtomicInteger();

    public CometFanOut(RouteReader routes, InternalSecretClientInterceptor secret, PushConfig config) {
        this.routes = routes;
        this.channels = new CometChannels(secret);
        this.timeoutMillis = config.cometCallTimeout().toMillis();
    }

    /** Delivers conversation → messages (each list in seq order); returns the number of comets reached. */
    public int deliver(Map<String, List<Message>> byConversation) {
        Set<String> rooms = new HashSet<>();
        Set<String> users = new HashSet<>();
        for (String conversation : byConversation.keySet()) {
            if (Conversations.isRoom(conversation)) {
                rooms.add(Conversations.subject(conversation));
            } else if (!Conversations.BROADCAST.equals(conversation)) {
                users.add(Conversations.subject(conversation));
            }
        }
        RouteReader.Audience audience = routes.audience(rooms, users);
        Map<String, String> live = audience.live();
        Map<String, DeliverRequest.Builder> perComet = new LinkedHashMap<>();
        for (Map.Entry<String, List<Message>> entry : byConversation.entrySet()) {
            String conversation = entry.getKey();
            for (String node : audience(conversation, audience)) {
                Delivery.Builder delivery = Delivery.newBuilder().addAllMessages(entry.getValue());
                if (Conversations.BROADCAST.equals(conversation)) {
                    delivery.setEveryone(true);
                } else if (Conversations.isRoom(conversation)) {
                    delivery.setRoom(Conversations.subject(conversation));
                } else {
                    delivery.addUsers(Conversations.subject(conversation));
                }
                perComet.computeIfAbsent(node, n -> DeliverRequest.newBuilder()).addDeliveries(delivery);
            }
        }
        Map<String, DeliverRequest> requests = new HashMap<>();
        Map<String, ListenableFuture<DeliverReply>> calls = new HashMap<>();
        perComet.forEach((node, request) -> {
            requests.put(node, request.build());
            calls.put(node, channels.cometAsync(live.get(node), timeoutMillis).deliver(requests.get(node)));
        });
        int reached = 0;
        for (Map.Entry<String, ListenableFuture<DeliverReply>> call : calls.entrySet()) {
            try {
                call.getValue().get(timeoutMillis + 500, TimeUnit.MILLISECONDS);
                answered(call.getKey(), live.get(call.getKey()));
                reached++;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return reached;
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                channels.failed(live.get(call.getKey()));
                if (failing.add(call.getKey())) {
                    LOG.warnf(
                            "GMQ-PSH-020 delivery to comet %s (%s) failed, its clients will recover from storage; logged again only once it answers: %s",
                            call.getKey(), live.get(call.getKey()), e.getCause() == null ? e : e.getCause());
                }
                retryLater(call.getKey(), live.get(call.getKey()), requests.get(call.getKey()), 0);
            }
        }
        return reached;
    }

    private void answered(String node, String address) {
        channels.succeeded(address);
        if (failing.remove(node)) {
            LOG.infof("GMQ-PSH-021 comet %s answers again", node);
        }
    }

    /** Tries a failed call again later, while the comet is still registered at the same address. */
    private void retryLater(String node, String address, DeliverRequest request, int attempt) {
        if (attempt >= RETRY_DELAYS_MILLIS.length) {
            return;
        }
        if (retriesWaiting.incrementAndGet() > MAX_RETRIES_WAITING) {
            retriesWaiting.decrementAndGet();
            return;
        }
        retries.schedule(() -> {
            retriesWaiting.decrementAndGet();
            try {
                if (!address.equals(routes.liveComets().get(node))) {
                    return; // gone or moved: its clients reconnect and recover
                }
                channels.cometAsync(address, timeoutMillis).deliver(request).get(timeoutMillis + 500,
                        TimeUnit.MILLISECONDS);
                answered(node, address);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | java.util.concurrent.TimeoutException | RuntimeException e) {
                channels.failed(address);
                retryLater(node, address, request, attempt + 1);
            }
        }, RETRY_DELAYS_MILLIS[attempt], TimeUnit.MILLISECONDS);
    }

    /**
     * The live comets a conversation goes to: every one for a broadcast, those hosting a session in the room for a
     * room (one batch each, whatever the number of members), those hosting a session of the user for an inbox.
     */
    private static Set<String> audience(String conversation, RouteReader.Audience audience) {
        if (Conversations.BROADCAST.equals(conversation)) {
            return audience.live().keySet();
        }
        Set<String> nodes = new HashSet<>();
        if (Conversations.isRoom(conversation)) {
            String room = Conversations.subject(conversation);
            audience.hosted().forEach((node, hostedRooms) -> {
                if (hostedRooms.contains(room)) {
                    nodes.add(node);
                }
            });
        } else {
            audience.userNodes().getOrDefault(Conversations.subject(conversation), Set.of()).stream()
                    .filter(audience.live()::containsKey).forEach(nodes::add);
        }
        return nodes;
    }

    @PreDestroy
    void close() {
        retries.shutdownNow();
        channels.close();
    }
}
