package io.gmq.im.bench.load;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code peer}: persisted 1:1 messages between connected users in pairs (each sends to its partner, who acks its inbox
 * every second); one step per total rate (messages/s over all users).
 */
final class PeerScenario {

    private PeerScenario() {
    }

    static ObjectNode run(Load load) throws Exception {
        ObjectNode figures = Load.JSON.createObjectNode();
        List<Traffic.Sender> senders = pairs(load, figures);
        if (senders.isEmpty()) {
            figures.put("aborted", "no user connected");
            return figures;
        }
        ArrayNode steps = RoomScenario.steps(load, new Traffic(load.vertx, load.tally, senders, load.pids), 1);
        figures.set("steps", steps);
        RoomScenario.best(figures, steps, load.number("p99-limit-ms"));
        figures.set("closed_by_server", Load.JSON.valueToTree(load.tally.closes()));
        figures.set("error_frames", Load.JSON.valueToTree(load.tally.errors()));
        return figures;
    }

    /**
     * Connects {@code users} clients, pairs the connected ones (each sends to its partner) and starts their inbox acks;
     * writes the connect figures into {@code figures}.
     */
    static List<Traffic.Sender> pairs(Load load, ObjectNode figures) throws InterruptedException {
        int users = load.number("users") / 2 * 2;
        List<Client> clients = load.clients("p", users);
        figures.set("connect", Load.describe(load.connect(clients)));
        ConnectScenario.latency(figures, load.tally.connectMicros.copy());
        // Pairs of connected users (a user whose connect was refused leaves its partner to the next one).
        List<Client> connected = clients.stream().filter(Client::isOpen).toList();
        List<Traffic.Sender> senders = new ArrayList<>();
        for (int i = 0; i < connected.size() / 2 * 2; i++) {
            Client client = connected.get(i);
            Client partner = connected.get(i ^ 1);
            client.ackInboxEverySecond();
            senders.add(new Traffic.Sender(client, (cid, body) -> Frames.peerSend(cid, partner.user, body),
                    () -> partner.isOpen() ? 1 : 0));
        }
        figures.put("senders", senders.size());
        return senders;
    }
}
