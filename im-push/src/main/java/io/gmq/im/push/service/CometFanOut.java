package io.gmq.im.push.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

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
 * in order, the recipients that comet hosts listed once), per comet one call, all comets in parallel. A comet that
 * fails or misses the deadline is skipped: the messages are already stored and its clients recover them.
 */
@ApplicationScoped
public class CometFanOut {

    private static final Logger LOG = Logger.getLogger(CometFanOut.class);

    private final RouteReader routes;
    private final CometChannels channels;
    private final long timeoutMillis;
    private final Set<String> failing = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public CometFanOut(RouteReader routes, InternalSecretClientInterceptor secret, PushConfig config) {
        this.routes = routes;
        this.channels = new CometChannels(secret);
        this.timeoutMillis = config.cometCallTimeout().toMillis();
    }

    /** Delivers conversation → messages (each list in seq order); returns the number of comets reached. */
    public int deliver(Map<String, List<Message>> byConversation) {
        Map<String, DeliverRequest.Builder> perComet = new LinkedHashMap<>();
        Map<String, String> live = routes.liveComets();
        for (Map.Entry<String, List<Message>> entry : byConversation.entrySet()) {
            for (Map.Entry<String, List<String>> target : audience(entry.getKey(), live).entrySet()) {
                Delivery.Builder delivery = Delivery.newBuilder().addAllMessages(entry.getValue());
                if (target.getValue() == null) {
                    delivery.setEveryone(true);
                } else {
                    delivery.addAllUsers(target.getValue());
                }
                perComet.computeIfAbsent(target.getKey(), n -> DeliverRequest.newBuilder()).addDeliveries(delivery);
            }
        }
        Map<String, ListenableFuture<DeliverReply>> calls = new HashMap<>();
        perComet.forEach((node, request) -> calls.put(node,
                channels.cometAsync(live.get(node), timeoutMillis).deliver(request.build())));
        int reached = 0;
        for (Map.Entry<String, ListenableFuture<DeliverReply>> call : calls.entrySet()) {
            try {
                call.getValue().get(timeoutMillis + 500, TimeUnit.MILLISECONDS);
                channels.succeeded(live.get(call.getKey()));
                if (failing.remove(call.getKey())) {
                    LOG.infof("GMQ-PSH-021 comet %s answers again", call.getKey());
                }
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
            }
        }
        return reached;
    }

    /** Live comet node → the users it hosts among the recipients (null: everyone on it). */
    private Map<String, List<String>> audience(String conversation, Map<String, String> live) {
        Map<String, List<String>> byNode = new HashMap<>();
        if (Conversations.BROADCAST.equals(conversation)) {
            live.keySet().forEach(node -> byNode.put(node, null));
            return byNode;
        }
        Set<String> users = Conversations.isRoom(conversation)
                ? routes.roomMembers(Conversations.subject(conversation))
                : Set.of(Conversations.subject(conversation));
        for (String user : users) {
            for (String node : routes.nodes(user)) {
                if (live.containsKey(node)) {
                    byNode.computeIfAbsent(node, n -> new ArrayList<>()).add(user);
                }
            }
        }
        return byNode;
    }

    @PreDestroy
    void close() {
        channels.close();
    }
}
