package io.gmq.im.bench.gateway.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The gateway seen from outside, once a second on its management port from the warm-up on: its read pauses over the
 * measured phase ({@code gmq_mqtt_edge_pauses_total{cause="read",channel="mqtt-in"}}: {@code read_pauses}, the
 * phase's total, and {@code read_pauses_per_s}), to tell runs where the pauses engaged from runs where they did not;
 * and its readiness over warm-up and phase ({@code /q/health/ready}: {@code ready_checks}, {@code ready_down}, each
 * answer other than 200), since under load it must stay UP while its servers answer. It starts with the warm-up
 * because the first requests to the management port load HTTP handlers into the gateway's Netty: started with the
 * measured phase, they made the JIT throw away and recompile the hot MQTT path (180 C2 compilations, a core for
 * about a second) inside the figures, as a gateway that is probed all along never does.
 */
final class GatewayWatch implements AutoCloseable {

    private static final String LINE = "gmq_mqtt_edge_pauses_total{cause=\"read\",channel=\"mqtt-in\"} ";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI uri;
    private final URI ready;
    private final List<Long> samples = new ArrayList<>();
    private final List<String> down = new ArrayList<>();
    private int readyChecks;
    /** Index in {@code samples} where the measured phase starts. */
    private int phaseStart;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "gateway-watch");
        thread.setDaemon(true);
        return thread;
    });

    /** {@code management} the gateway's management address; null or blank: nothing is sampled or reported. */
    GatewayWatch(String management) {
        this.uri = management == null || management.isBlank() ? null : URI.create(management + "/q/metrics");
        this.ready = uri == null ? null : URI.create(management + "/q/health/ready");
    }

    /** Before the warm-up. */
    void start() {
        if (uri != null) {
            sample();
            timer.scheduleAtFixedRate(this::sample, 1, 1, TimeUnit.SECONDS);
        }
    }

    /** At the start of the measured phase: read pauses count from here. */
    void phase() {
        if (uri != null) {
            synchronized (this) {
                samples.add(read());
                phaseStart = samples.size() - 1;
            }
        }
    }

    private synchronized void sample() {
        samples.add(read());
        readyChecks++;
        String answer = readiness();
        if (answer != null) {
            down.add(answer);
        }
    }

    /** Null when ready; otherwise the status and the body's first 300 characters, or the failure. */
    private String readiness() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? null
                    : response.statusCode() + " " + response.body().substring(0, Math.min(300, response.body().length()));
        } catch (java.io.IOException | InterruptedException e) {
            return e.toString();
        }
    }

    private long read() {
        try {
            String body = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return body.lines().filter(l -> l.startsWith(LINE))
                    .mapToLong(l -> (long) Double.parseDouble(l.substring(LINE.length()))).findFirst().orElse(-1);
        } catch (java.io.IOException | InterruptedException | NumberFormatException e) {
            return -1;
        }
    }

    /** Stops sampling, takes a last sample and puts the figures ({@code read_pauses} -1 when a sample failed). */
    void put(ObjectNode figures) {
        if (uri == null) {
            return;
        }
        timer.shutdownNow();
        List<Long> all;
        synchronized (this) {
            samples.add(read());
            all = List.copyOf(samples.subList(phaseStart, samples.size()));
            figures.put("ready_checks", readyChecks);
            figures.put("ready_down", down.size());
            if (!down.isEmpty()) {
                figures.put("ready_down_first", down.getFirst());
            }
        }
        if (all.contains(-1L)) {
            figures.put("read_pauses", -1);
            return;
        }
        figures.put("read_pauses", all.getLast() - all.getFirst());
        ArrayNode perSecond = figures.putArray("read_pauses_per_s");
        for (int i = 1; i < all.size(); i++) {
            perSecond.add(all.get(i) - all.get(i - 1));
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
