package io.gmq.im.bench.faults;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.gmq.im.bench.load.Jwt;
import io.gmq.servers.GmqRoot;

/**
 * {@code ./gmq bench faults}: starts a private stack ({@link FaultStack}), connects rooms of members and peer users
 * split over two comets ({@link ChatClient}), keeps a steady mixed load going ({@link Senders}) and, one fault per
 * round, kills (-9) and restarts, freezes (SIGSTOP for a while, then SIGCONT) or cleanly restarts (SIGTERM) each target;
 * prints a row per round and appends it as one JSON line to bench-results/faults.jsonl ({@link Round}).
 */
public final class FaultsMain {

    private FaultsMain() {
    }

    public static void main(String[] args) throws Exception {
        String[] defaults = { "targets", "comet1,logic,push,kafka,redis,mongodb,postgresql", "faults", "kill,stop,term",
                "rooms", "2",
                "members", "200", "peers", "20", "room-rate", "5", "peer-rate", "1", "before", "5", "after", "10",
                "freeze", "10", "drain", "30" };
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < defaults.length; i += 2) {
            options.put(defaults[i], defaults[i + 1]);
        }
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                System.out.println("usage: ./gmq bench faults [--name=value ...], names and defaults: " + options);
                return;
            }
            String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            if (kv.length != 2 || !options.containsKey(kv[0])) {
                System.err.println("usage: ./gmq bench faults [--name=value ...], names and defaults: " + options);
                System.exit(2);
            }
            options.put(kv[0], kv[1]);
        }
        String run = "f" + HexFormat.of().formatHex(randomBytes());
        Path root = GmqRoot.path();
        Path results = root.resolve("bench-results/faults.jsonl");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        System.out.println("fault matrix " + run + ": " + options);
        try (FaultStack stack = new FaultStack(root.resolve("im-bench/target/faults/" + run), run)) {
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close));
            stack.start();
            String admin = login(http, stack.logic(), stack.adminPassword);
            Jwt jwt = new Jwt(stack.jwtSecret, "gmq-im");
            URI[] comets = { stack.comet(0), stack.comet(1) };
            Map<String, ChatClient> clients = new LinkedHashMap<>();
            Map<String, List<String>> rooms = new LinkedHashMap<>();
            int members = Integer.parseInt(options.get("members"));
            for (int r = 0; r < Integer.parseInt(options.get("rooms")); r++) {
                String room = run + "-r" + r;
                post(http, stack.logic(), "/api/v1/rooms", admin, "{\"id\":\"" + room + "\",\"title\":\"" + room + "\"}");
                List<String> users = new ArrayList<>();
                for (int m = 0; m < members; m++) {
                    String user = room + "-m" + m;
                    users.add(user);
                    clients.put(user, new ChatClient(http, comets, m % 2, user, jwt.token(user), room));
                }
                rooms.put(room, users);
            }
            List<String[]> peers = new ArrayList<>();
            Map<String, String> tokens = new LinkedHashMap<>();
            int peerCount = Integer.parseInt(options.get("peers"));
            for (int p = 0; p < peerCount; p++) {
                String user = run + "-p" + p;
                post(http, stack.logic(), "/api/v1/users", admin,
                        "{\"user\":\"" + user + "\",\"password\":\"" + run + "-password\"}");
                tokens.put(user, jwt.token(user));
                clients.put(user, new ChatClient(http, comets, p % 2, user, tokens.get(user), null));
                peers.add(new String[] { user, run + "-p" + ((p + 1) % peerCount) });
            }
            clients.values().forEach(ChatClient::connect);
            Thread upkeep = Thread.ofVirtual().start(() -> upkeep(clients.values()));
            Thread.sleep(5000);
            System.out.printf("%d clients connected (%d connects)%n", clients.size(),
                    clients.values().stream().mapToLong(c -> c.connects.get()).sum());
            Senders senders = new Senders(http, stack.logic());
            Round.printHeader();
            int index = 0;
            for (String target : options.get("targets").split(",")) {
                for (String fault : options.get("faults").split(",")) {
                    Round round = new Round(stack, clients, senders, target, fault, options);
                    try {
                        ObjectNode record = round.run("r" + index++, () -> senders.start(run + "-" + target + "-" + fault,
                                rooms, admin, Double.parseDouble(options.get("room-rate")), peers, tokens,
                                Double.parseDouble(options.get("peer-rate"))));
                        record.put("run", run);
                        Round.append(results, record);
                    } catch (Exception e) {
                        // The matrix goes on: a target that did not come back is this round's finding, not the end.
                        senders.stop();
                        System.out.println("!! " + target + " " + fault + " failed: " + e.getMessage());
                    }
                }
            }
            upkeep.interrupt();
            clients.values().forEach(ChatClient::stop);
        }
        System.out.println("\none JSON line per round appended to " + results);
        System.exit(0);
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[3];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    /** Every second each client acknowledges its inbox; every 10 s it sends a heartbeat. */
    private static void upkeep(java.util.Collection<ChatClient> clients) {
        for (long tick = 1;; tick++) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            for (ChatClient client : clients) {
                client.ackInbox();
                client.rejoin();
                if (tick % 10 == 0) {
                    client.heartbeat();
                }
            }
        }
    }

    private static String login(HttpClient http, URI logic, String password) throws Exception {
        String body = post(http, logic, "/api/v1/login", null, "{\"user\":\"admin\",\"password\":\"" + password + "\"}");
        return ChatClient.JSON.readTree(body).path("token").asText();
    }

    private static String post(HttpClient http, URI logic, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(logic.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("POST " + path + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }
}
