package io.gmq.im.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The soak's tables on stdout: each process's samples (RSS, heap after GC, collections, threads, fds, CPU), the
 * messages of each interval, and the verdict per process.
 */
final class SoakReport {

    private static final String[][] PROC_COLUMNS = { { "rss_mb", "RSS MB" }, { "heap_min_mb", "heap MB" },
            { "gcs", "GCs" }, { "threads", "threads" }, { "fds", "fds" }, { "cpu_pct", "CPU %" } };
    private static final String[][] MESSAGE_COLUMNS = { { "sent", "sent" }, { "deliveries_per_s", "deliv/s" },
            { "p99_ms", "p99 ms" }, { "lost", "lost" }, { "duplicates", "dup" } };

    private SoakReport() {
    }

    /** Prints the tables and the verdict of a judged soak record; returns whether it passed. */
    static boolean print(ObjectNode record) {
        StringBuilder out = new StringBuilder();
        JsonNode samples = record.path("figures").path("samples");
        JsonNode verdict = record.path("verdict");
        out.append("\nsamples (heap MB: the lowest heap after a collection in the interval; CPU %: of one core)\n");
        for (String name : Soak.PROCESSES) {
            out.append(String.format("  %-10s %6s", name, "min"));
            for (String[] column : PROC_COLUMNS) {
                out.append(String.format(" %8s", column[1]));
            }
            out.append('\n');
            for (JsonNode sample : samples) {
                JsonNode proc = sample.path("procs").path(name);
                out.append(String.format("  %-10s %6s", "#" + sample.get("sample").asText(), sample.get("minutes")));
                for (String[] column : PROC_COLUMNS) {
                    out.append(String.format(" %8s", proc.has(column[0]) ? proc.get(column[0]).asText() : "-"));
                }
                out.append('\n');
            }
        }
        out.append(String.format("  %-10s %6s", "messages", "min"));
        for (String kind : new String[] { "rooms", "peer" }) {
            for (String[] column : MESSAGE_COLUMNS) {
                out.append(String.format(" %9s", kind + " " + column[1]));
            }
        }
        out.append("  open clients\n");
        for (JsonNode sample : samples) {
            out.append(String.format("  %-10s %6s", "#" + sample.get("sample").asText(), sample.get("minutes")));
            for (String kind : new String[] { "rooms", "peer" }) {
                for (String[] column : MESSAGE_COLUMNS) {
                    JsonNode value = sample.path(kind).get(column[0]);
                    out.append(String.format(" %9s", value == null ? "-" : value.asText()));
                }
            }
            out.append("  ").append(sample.path("open_clients").asText()).append('\n');
        }
        verdict(out, verdict);
        System.out.print(out);
        return verdict.path("ok").asBoolean();
    }

    private static void verdict(StringBuilder out, JsonNode verdict) {
        if (verdict.has("reason")) {
            out.append("verdict: NOT JUDGED, ").append(verdict.get("reason").asText()).append('\n');
            return;
        }
        out.append(String.format("%nverdict: samples #%s to #%s; RSS last vs first within %.0f %%; heap after GC,"
                + " threads and fds: the lowest of the last third vs the lowest of the first third, heap within %.0f"
                + " %%, threads and fds within the tolerance shown%n",
                verdict.get("from_sample"), verdict.get("to_sample"), Soak.GROWTH_LIMIT_PCT, Soak.GROWTH_LIMIT_PCT));
        out.append(String.format("  %-10s %-26s %-26s %-20s %-20s %-8s %s%n", "process", "RSS MB", "heap after GC MB",
                "threads", "fds", "ERRORs", "verdict"));
        verdict.path("processes").properties().forEach(e -> {
            JsonNode row = e.getValue();
            out.append(String.format("  %-10s %-26s %-26s %-20s %-20s %-8s %s%n", e.getKey(), growth(row, "rss"),
                    growth(row, "heap"), steady(row, "threads"), steady(row, "fds"),
                    row.has("errors") ? row.get("errors").asText() : "n/a",
                    (row.get("ok").asBoolean() ? "ok" : "FAIL") + (e.getKey().equals("generator") ? " (not judged)" : "")));
        });
        out.append(String.format("  lost copies: %s%nsoak verdict: %s%n", verdict.get("lost"),
                verdict.get("ok").asBoolean() ? "PASS" : "FAIL"));
    }

    private static String growth(JsonNode row, String name) {
        JsonNode values = row.get(name + "_mb");
        JsonNode pct = row.get(name + "_growth_pct");
        return String.format("%s → %s (%s%%) %s", values.get(0).asText(), values.get(1).asText(),
                pct.isNull() ? "?" : (pct.asDouble() >= 0 ? "+" : "") + pct.asText(),
                row.get(name + "_ok").asBoolean() ? "ok" : "FAIL");
    }

    private static String steady(JsonNode row, String name) {
        JsonNode values = row.get(name);
        return String.format("%s → %s (≤ +%s) %s", values.get(0).asText(), values.get(1).asText(),
                row.get(name + "_tolerance").asText(), row.get(name + "_ok").asBoolean() ? "ok" : "FAIL");
    }
}
