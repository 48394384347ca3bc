package io.gmq.im.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a run leaves behind: one JSON line per run (and per median of several) in bench-results/im.jsonl, with the
 * scenario, parameters, figures, time, git commit and machine; and the readable table on stdout.
 */
public final class Report {

    public static final ObjectMapper JSON = new ObjectMapper();
    private static final String[][] STEP_COLUMNS = { { "step", "step" }, { "rate_msg_per_s", "msg/s" },
            { "deliveries_per_s", "deliv/s" }, { "received_per_s", "recv/s" }, { "p50_ms", "p50 ms" }, { "p99_ms", "p99 ms" },
            { "p999_ms", "p99.9 ms" },
            { "max_ms", "max ms" }, { "expected", "expected" }, { "lost", "lost" }, { "duplicates", "dup" },
            { "reordered", "reord" }, { "comet_us_per_delivery", "comet µs/del" }, { "comet_cpu_pct", "comet %" },
            { "logic_cpu_pct", "logic %" }, { "push_cpu_pct", "push %" }, { "generator_cpu_pct", "gen %" },
            { "comet_rss_mb", "comet MB" } };

    /** Counts by kind or code, printed on one line. */
    private static final Set<String> INLINE = Set.of("failures", "gave_up", "closed_by_server", "error_frames",
            "send_errors");

    private Report() {
    }

    public static ObjectNode record(String scenario, String kind, Map<String, String> params, ObjectNode figures,
            ObjectNode errors, Path root) {
        ObjectNode record = JSON.createObjectNode().put("scenario", scenario).put("kind", kind)
                .put("timestamp", Instant.now().toString()).put("git", Machine.gitCommit(root));
        record.set("machine", Machine.describe(JSON));
        record.set("params", JSON.valueToTree(params));
        record.set("figures", figures);
        record.set("log_errors", errors);
        return record;
    }

    public static void append(Path file, ObjectNode record) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, JSON.writeValueAsString(record) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    public static void print(ObjectNode record) {
        StringBuilder out = new StringBuilder();
        String stack = record.path("params").path("stack").asText("local");
        out.append(String.format("%n== %s (%s) on %s, %s, git %s, %s ==%n", record.get("scenario").asText(),
                record.get("kind").asText(), stack, record.get("timestamp").asText(), record.get("git").asText(),
                record.path("machine").path("cpus").asText() + " × " + record.path("machine").path("model").asText()));
        if (stack.startsWith("peer-")) {
            out.append("  (the comet_* figures are the peer process's)\n");
        }
        JsonNode figures = record.get("figures");
        summary(out, "", figures);
        if (figures.has("steps")) {
            table(out, (ArrayNode) figures.get("steps"), stack.startsWith("peer-"));
        }
        JsonNode errors = record.path("log_errors");
        out.append("ERROR lines in the services' logs: ").append(errors.path("counts")).append('\n');
        errors.path("samples").properties().forEach(e -> e.getValue()
                .forEach(line -> out.append("  ").append(e.getKey()).append(" | ").append(line.asText()).append('\n')));
        System.out.print(out);
    }

    private static void summary(StringBuilder out, String prefix, JsonNode node) {
        node.properties().forEach(e -> {
            JsonNode value = e.getValue();
            if (e.getKey().equals("steps") || e.getKey().equals("samples")) {
                return;
            }
            if (value.isObject() && !INLINE.contains(e.getKey())) {
                summary(out, prefix + e.getKey() + ".", value);
            } else {
                out.append(String.format("  %-40s %s%n", prefix + e.getKey(), value));
            }
        });
    }

    /** One row per step; with {@code peer}, the comet columns are headed "peer". */
    private static void table(StringBuilder out, ArrayNode steps, boolean peer) {
        StringBuilder header = new StringBuilder(" ");
        for (String[] column : STEP_COLUMNS) {
            header.append(String.format(" %10s", peer ? column[1].replace("comet", "peer") : column[1]));
        }
        out.append(header).append("  send errors\n");
        for (JsonNode step : steps) {
            StringBuilder row = new StringBuilder(" ");
            for (String[] column : STEP_COLUMNS) {
                JsonNode value = step.get(column[0]);
                row.append(String.format(" %10s", value == null ? "-" : value.asText()));
            }
            out.append(row).append("  ").append(step.path("send_errors")).append('\n');
        }
    }

    /** Each number the median of the runs' numbers at the same place (steps by index); the rest from the first run. */
    public static JsonNode median(List<JsonNode> runs) {
        JsonNode first = runs.get(0);
        if (first.isNumber()) {
            List<Double> values = new ArrayList<>();
            runs.forEach(r -> values.add(r.asDouble()));
            values.sort(Double::compare);
            int n = values.size();
            double median = n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
            return JSON.getNodeFactory().numberNode(Math.round(median * 100) / 100.0);
        }
        if (first.isObject()) {
            ObjectNode merged = JSON.createObjectNode();
            List<String> names = new ArrayList<>();
            runs.forEach(r -> r.fieldNames().forEachRemaining(n -> {
                if (!names.contains(n)) {
                    names.add(n);
                }
            }));
            for (String name : names) {
                List<JsonNode> values = runs.stream().filter(r -> r.has(name)).map(r -> r.get(name)).toList();
                merged.set(name, median(values));
            }
            return merged;
        }
        if (first.isArray()) {
            ArrayNode merged = JSON.createArrayNode();
            int size = runs.stream().mapToInt(JsonNode::size).max().orElse(0);
            for (int i = 0; i < size; i++) {
                int index = i;
                merged.add(median(runs.stream().filter(r -> r.size() > index).map(r -> r.get(index)).toList()));
            }
            return merged;
        }
        return first;
    }
}
