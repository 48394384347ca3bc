package io.gmq.im.bench.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;

/**
 * What every scenario of the generator shares: its parameters (key=value arguments), the Vert.x event loops and
 * WebSocket client, token minting, the tally, the server pids, and connecting a crowd of clients.
 */
final class Load implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    final Map<String, String> params;
    final Vertx vertx;
    final WebSocketClient ws;
    final Tally tally = new Tally();
    final Map<String, Long> pids = new LinkedHashMap<>();
    final String prefix;
    private final Jwt jwt;
    private final String host;
    private final int port;

    Load(Map<String, String> params) {
        this.params = params;
        this.prefix = text("prefix");
        this.host = text("host");
        this.port = number("port");
        this.jwt = new Jwt(text("jwt-secret"), params.getOrDefault("issuer", "gmq-im"));
        for (String service : new String[] { "comet", "logic", "push" }) {
            pids.put(service, Long.parseLong(params.getOrDefault(service + "-pid", "0")));
        }
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(number("event-loops")).setWorkerPoolSize(2)
                .setBlockedThreadCheckInterval(10_000));
        ws = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(100_000)
                .setConnectTimeout(10_000).setMaxFrameSize(65_536));
    }

    String text(String key) {
        String value = params.get(key);
        if (value == null) {
            throw new IllegalArgumentException("missing generator parameter " + key);
        }
        return value;
    }

    int number(String key) {
        return Integer.parseInt(text(key));
    }

    List<Double> numbers(String key) {
        List<Double> values = new ArrayList<>();
        for (String value : text(key).split(",")) {
            values.add(Double.parseDouble(value.trim()));
        }
        return values;
    }

    /** Clients named {@code <prefix>-<tag><i>} for i in [0, count). */
    List<Client> clients(String tag, int count) {
        List<Client> clients = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            clients.add(new Client(vertx, tally, prefix + "-" + tag + i));
        }
        return clients;
    }

    /** Connects every client, {@code concurrency} at a time, within {@code timeout-seconds}; logs progress. */
    Batch.Outcome connect(List<Client> clients) throws InterruptedException {
        LoadMain.log("connecting " + clients.size() + " clients, " + number("concurrency") + " at a time");
        Batch.Outcome outcome = Batch.run(clients, number("concurrency"), number("timeout-seconds"), number("retries"),
                c -> c.connect(ws, host, port, jwt.token(c.user), 15_000));
        LoadMain.log(String.format("connected %d/%d in %.1f s; failed attempts %s, %d retries, gave up %s", outcome.ok(),
                outcome.attempted(), outcome.seconds(), outcome.failures(), outcome.retries(), outcome.gaveUp()));
        return outcome;
    }

    static ObjectNode describe(Batch.Outcome outcome) {
        ObjectNode figures = JSON.createObjectNode().put("attempted", outcome.attempted()).put("ok", outcome.ok())
                .put("seconds", CpuWindow.round(outcome.seconds()))
                .put("per_s", CpuWindow.round(outcome.ok() / Math.max(0.001, outcome.seconds())));
        figures.set("failures", JSON.valueToTree(outcome.failures()));
        figures.put("retries", outcome.retries());
        figures.set("gave_up", JSON.valueToTree(outcome.gaveUp()));
        return figures;
    }

    int open(List<Client> clients) {
        return (int) clients.stream().filter(Client::isOpen).count();
    }

    @Override
    public void close() throws Exception {
        ws.close().toCompletionStage().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
    }
}
