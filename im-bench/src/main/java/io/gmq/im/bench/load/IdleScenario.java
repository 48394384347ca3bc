package io.gmq.im.bench.load;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.gmq.im.bench.ProcStat;

/**
 * {@code idle}: many connections that only heartbeat, held for a while: how many stay open, the comet's RSS per
 * connection (RSS after connecting − RSS before, ÷ connections held) and its CPU while idle.
 */
final class IdleScenario {

    private IdleScenario() {
    }

    static ObjectNode run(Load load) throws InterruptedException {
        long comet = load.pids.getOrDefault("comet", 0L);
        long rssBefore = ProcStat.rssBytes(comet);
        List<Client> clients = load.clients("i", load.number("clients"));
        Batch.Outcome outcome = load.connect(clients);
        ObjectNode figures = Load.JSON.createObjectNode();
        figures.set("connect", Load.describe(outcome));
        ConnectScenario.latency(figures, load.tally.connectMicros.copy());
        int hold = load.number("hold-seconds");
        int cpuSeconds = Math.min(load.number("cpu-seconds"), hold);
        int settle = (hold - cpuSeconds) / 2;
        LoadMain.log("holding " + outcome.ok() + " connections for " + hold + " s (CPU measured over " + cpuSeconds
                + " s after " + settle + " s)");
        Thread.sleep(settle * 1000L);
        CpuWindow window = new CpuWindow(load.pids).start();
        Thread.sleep(cpuSeconds * 1000L);
        ObjectNode idle = Load.JSON.createObjectNode();
        window.end(idle, 0, "connection");
        figures.set("idle", idle);
        Thread.sleep((hold - settle - cpuSeconds) * 1000L);
        long rssAfter = ProcStat.rssBytes(comet);
        int held = load.open(clients);
        figures.put("held", held).put("lost_during_hold", outcome.ok() - held);
        if (rssBefore > 0 && rssAfter > 0) {
            figures.put("comet_rss_before_mb", CpuWindow.round(rssBefore / 1048576.0))
                    .put("comet_rss_after_mb", CpuWindow.round(rssAfter / 1048576.0));
            if (held > 0) {
                figures.put("comet_rss_kb_per_connection", CpuWindow.round((rssAfter - rssBefore) / 1024.0 / held));
            }
        }
        figures.set("closed_by_server", Load.JSON.valueToTree(load.tally.closes()));
        figures.set("error_frames", Load.JSON.valueToTree(load.tally.errors()));
        return figures;
    }
}
