package io.gmq.im.bench.load;

import java.util.List;

import org.HdrHistogram.Histogram;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code connect}: many clients connecting {@code concurrency} at a time; connects per second, time to the welcome
 * frame, failures by kind (refused, HTTP status, close code), and server CPU per connection.
 */
final class ConnectScenario {

    private ConnectScenario() {
    }

    static ObjectNode run(Load load) throws InterruptedException {
        int warmups = warmUp(load);
        List<Client> clients = load.clients("c", load.number("clients"));
        CpuWindow window = new CpuWindow(load.pids).start();
        Batch.Outcome outcome = load.connect(clients);
        ObjectNode figures = Load.describe(outcome);
        figures.put("warm_up_rounds", warmups);
        window.end(figures, outcome.ok(), "connection");
        latency(figures, load.tally.connectMicros.copy());
        Thread.sleep(2000);
        figures.put("open_after_2s", load.open(clients));
        figures.set("closed_by_server", Load.JSON.valueToTree(load.tally.closes()));
        figures.set("error_frames", Load.JSON.valueToTree(load.tally.errors()));
        return figures;
    }

    /**
     * Rounds of the same connects by other users, each closed again, for {@code warmup-seconds} (none when 0): the
     * measured connects then meet compiled code, as they would on a server that has run for a while.
     */
    private static int warmUp(Load load) throws InterruptedException {
        long until = System.nanoTime() + load.number("warmup-seconds") * 1_000_000_000L;
        int rounds = 0;
        while (System.nanoTime() < until) {
            List<Client> clients = load.clients("w" + rounds + "-", load.number("clients"));
            Batch.Outcome outcome = load.connect(clients);
            LoadMain.log(String.format("warm-up round %d: %.1f connects/s", rounds + 1,
                    outcome.ok() / Math.max(0.001, outcome.seconds())));
            for (Client client : clients) {
                client.close();
            }
            rounds++;
        }
        if (rounds > 0) {
            Thread.sleep(3000); // the closes reach logic before the measured connects start
            load.tally.resetConnects();
        }
        return rounds;
    }

    static void latency(ObjectNode figures, Histogram micros) {
        if (micros.getTotalCount() > 0) {
            figures.put("connect_p50_ms", CpuWindow.round(micros.getValueAtPercentile(50) / 1000.0))
                    .put("connect_p99_ms", CpuWindow.round(micros.getValueAtPercentile(99) / 1000.0))
                    .put("connect_max_ms", CpuWindow.round(micros.getMaxValue() / 1000.0));
        }
    }
}
