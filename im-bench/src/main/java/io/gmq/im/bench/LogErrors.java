package io.gmq.im.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Counts the ERROR lines each service logged during a run (its log file holds only that run) and keeps the first
 * few of each for the report.
 */
public final class LogErrors {

    private static final int SAMPLES = 5;

    private LogErrors() {
    }

    /** {@code {"counts": {service: n}, "samples": {service: [first lines]}}}; empty objects for an external stack. */
    public static ObjectNode scan(Map<String, Path> logs, ObjectMapper json) {
        ObjectNode result = json.createObjectNode();
        ObjectNode counts = result.putObject("counts");
        ObjectNode samples = result.putObject("samples");
        logs.forEach((service, log) -> {
            List<String> lines;
            try {
                lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                counts.put(service, -1);
                return;
            }
            ArrayNode first = json.createArrayNode();
            int count = 0;
            for (String line : lines) {
                if (line.contains(" ERROR ")) {
                    count++;
                    if (first.size() < SAMPLES) {
                        first.add(line.length() > 300 ? line.substring(0, 300) + "…" : line);
                    }
                }
            }
            counts.put(service, count);
            if (!first.isEmpty()) {
                samples.set(service, first);
            }
        });
        return result;
    }
}
