package io.gmq.im.bench.load;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code room} and {@code rooms}: {@code rooms} rooms of {@code members} clients each, the first member of each room
 * sending; after a warm-up, one step per rate (messages/s per sender), for {@code room} until p99 exceeds the limit;
 * the best step is the highest deliveries/s held with p99 within the limit and at most 1 % lost.
 */
final class RoomScenario {

    record Member(Client client, Room room) {
    }

    private RoomScenario() {
    }

    static ObjectNode run(Load load) throws Exception {
        ObjectNode figures = Load.JSON.createObjectNode();
        Crowd crowd = crowd(load, figures);
        if (crowd.senders().isEmpty()) {
            figures.put("aborted", "no room has a joined member to send");
            return figures;
        }
        ArrayNode steps = steps(load, new Traffic(load.vertx, load.tally, crowd.senders(), load.pids),
                crowd.senders().size());
        figures.set("steps", steps);
        best(figures, steps, load.number("p99-limit-ms"));
        gaps(figures, crowd.members());
        figures.set("closed_by_server", Load.JSON.valueToTree(load.tally.closes()));
        figures.set("error_frames", Load.JSON.valueToTree(load.tally.errors()));
        return figures;
    }

    /** The rooms' joined members and each room's sender, ready for {@link Traffic}. */
    record Crowd(List<Member> members, List<Traffic.Sender> senders) {
    }

    /**
     * Connects {@code rooms} × {@code members} clients, joins each to its room and picks each room's sender; writes the
     * connect and join figures into {@code figures}.
     */
    static Crowd crowd(Load load, ObjectNode figures) throws InterruptedException {
        int roomCount = load.number("rooms");
        int perRoom = load.number("members");
        List<Room> rooms = new ArrayList<>();
        for (int r = 0; r < roomCount; r++) {
            rooms.add(new Room(load.prefix + "-r" + r));
        }
        List<Client> clients = load.clients("m", roomCount * perRoom);
        figures.set("connect", Load.describe(load.connect(clients)));
        ConnectScenario.latency(figures, load.tally.connectMicros.copy());
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            if (clients.get(i).isOpen()) {
                members.add(new Member(clients.get(i), rooms.get(i / perRoom)));
            }
        }
        LoadMain.log("joining " + members.size() + " clients to " + roomCount + " rooms");
        Batch.Outcome joins = Batch.run(members, load.number("concurrency"), load.number("join-timeout-seconds"),
                load.number("retries"), m -> m.client().join(m.room(), 30_000));
        LoadMain.log(String.format("joined %d/%d in %.1f s; failed attempts %s, %d retries, gave up %s", joins.ok(),
                joins.attempted(), joins.seconds(), joins.failures(), joins.retries(), joins.gaveUp()));
        figures.set("join", Load.describe(joins));
        figures.put("members_joined", rooms.stream().mapToInt(r -> r.members.get()).sum());
        List<Traffic.Sender> senders = senders(clients, rooms, perRoom);
        figures.put("senders", senders.size());
        return new Crowd(members, senders);
    }

    /**
     * Where missing copies are, once the traffic stopped: {@code seq_holes}, seqs a member never got below the highest
     * it got (a gap the comet did not fill), and {@code seq_tail_missing}, seqs after a member's highest up to the
     * highest any member of its room got (the last messages never reached it).
     */
    static void gaps(ObjectNode figures, List<Member> members) {
        Map<String, Long> roomMax = new HashMap<>();
        long holes = 0;
        for (Member member : members) {
            for (Map.Entry<String, SeqTrack> track : member.client().tracks().entrySet()) {
                roomMax.merge(track.getKey(), track.getValue().max(), Math::max);
                holes += track.getValue().holes();
            }
        }
        long tail = 0;
        for (Member member : members) {
            SeqTrack track = member.client().tracks().get("r:" + member.room().name);
            long max = track == null ? 0 : track.max();
            tail += roomMax.getOrDefault("r:" + member.room().name, 0L) - max;
        }
        figures.put("seq_holes", holes).put("seq_tail_missing", tail);
    }

    /** Per room, its first member that joined and is still connected. */
    private static List<Traffic.Sender> senders(List<Client> clients, List<Room> rooms, int perRoom) {
        List<Traffic.Sender> senders = new ArrayList<>();
        for (int r = 0; r < rooms.size(); r++) {
            Room room = rooms.get(r);
            for (int i = r * perRoom; i < (r + 1) * perRoom; i++) {
                Client client = clients.get(i);
                if (client.isOpen() && client.inRoom()) {
                    senders.add(new Traffic.Sender(client, (cid, body) -> Frames.roomSend(cid, room.name, body),
                            room.members::get));
                    break;
                }
            }
        }
        return senders;
    }

    private static String brief(ObjectNode step) {
        return String.format("%s deliveries/s, p50 %s ms, p99 %s ms, expected %s, lost %s, dup %s, send errors %s",
                step.path("deliveries_per_s"), step.path("p50_ms"), step.path("p99_ms"), step.path("expected"),
                step.path("lost"), step.path("duplicates"), step.path("send_errors"));
    }

    /** The highest deliveries/s of a step with p99 within {@code limit} ms and at most 1 % lost (0 when none). */
    static void best(ObjectNode figures, ArrayNode steps, double limit) {
        double best = 0;
        for (var step : steps) {
            boolean held = step.has("p99_ms") && step.get("p99_ms").asDouble() <= limit
                    && step.get("lost").asLong() <= step.get("expected").asLong() / 100;
            if (held) {
                best = Math.max(best, step.get("deliveries_per_s").asDouble());
            }
        }
        figures.put("best_deliveries_per_s_within_p99", best);
    }

    /** Warm-up (step 0, not reported), then one step per rate; each rate times {@code scale} is the total msg/s. */
    static ArrayNode steps(Load load, Traffic traffic, int scale) throws InterruptedException {
        List<Double> rates = load.numbers("rates");
        int seconds = load.number("step-seconds");
        int drain = load.number("drain-seconds");
        double limit = load.number("p99-limit-ms");
        ArrayNode steps = Load.JSON.createArrayNode();
        if (load.number("warmup-seconds") > 0) {
            LoadMain.log("warm-up: " + rates.get(0) * scale + " msg/s for " + load.number("warmup-seconds") + " s");
            ObjectNode warmup = traffic.run(0, rates.get(0) * scale, load.number("warmup-seconds"), drain);
            LoadMain.log("warm-up: " + brief(warmup));
        }
        for (int i = 0; i < rates.size(); i++) {
            double rate = rates.get(i) * scale;
            LoadMain.log("step " + (i + 1) + ": " + rate + " msg/s for " + seconds + " s");
            ObjectNode step = traffic.run(i + 1, rate, seconds, drain);
            step.put("rate_per_sender", rates.get(i) * scale / traffic.senders());
            LoadMain.log("step " + (i + 1) + ": " + brief(step));
            steps.add(step);
            boolean above = !step.has("p99_ms") || step.get("p99_ms").asDouble() > limit;
            if (above && Boolean.parseBoolean(load.text("stop-above-p99"))) {
                LoadMain.log("p99 above " + limit + " ms: stopping");
                break;
            }
        }
        return steps;
    }
}
