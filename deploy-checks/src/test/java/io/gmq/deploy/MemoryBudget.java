package io.gmq.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.Quantity;

/**
 * A JVM container's memory limit against what its service was measured to need (measured-memory.yaml, from a
 * benchmark run): the most heap the JVM options allow plus the measured non-heap memory must fit the limit, and so
 * must the measured peak resident set.
 */
final class MemoryBudget {

    private static final JsonNode MEASURED = load();
    private static final Pattern PERCENTAGE = Pattern.compile("-XX:MaxRAMPercentage=(\\d+(?:\\.\\d+)?)");
    private static final Pattern XMX = Pattern.compile("-Xmx(\\d+)([mMgG])");

    private MemoryBudget() {
    }

    /**
     * The problem with this limit for this module's JVM, or null when it fits. The JVM must also exit when its heap
     * runs out: one that does not stops answering, even SIGTERM, instead of being restarted.
     */
    static String problem(String where, String module, long limitMiB, String jvmOptions) {
        if (jvmOptions == null || !jvmOptions.contains("-XX:+ExitOnOutOfMemoryError")) {
            return where + ": JAVA_TOOL_OPTIONS needs -XX:+ExitOnOutOfMemoryError (a JVM out of memory stops answering,"
                    + " even SIGTERM; exiting lets the orchestrator restart it), is " + jvmOptions;
        }
        JsonNode measured = MEASURED.path(module);
        if (measured.isMissingNode()) {
            return where + ": no measurement of " + module + " in measured-memory.yaml";
        }
        long nonHeap = measured.path("peak-non-heap-mib").asLong();
        long peak = measured.path("peak-rss-mib").asLong();
        long heap = maxHeapMiB(limitMiB, jvmOptions == null ? "" : jvmOptions);
        if (heap + nonHeap > limitMiB || peak > limitMiB) {
            return where + ": memory limit " + limitMiB + " MiB < max heap " + heap + " MiB + measured non-heap "
                    + nonHeap + " MiB (measured peak RSS " + peak + " MiB): raise the limit or lower MaxRAMPercentage";
        }
        return null;
    }

    /** The heap the JVM may grow to: -Xmx, else MaxRAMPercentage of the limit, else the JVM's default 25 %. */
    static long maxHeapMiB(long limitMiB, String jvmOptions) {
        Matcher xmx = XMX.matcher(jvmOptions);
        if (xmx.find()) {
            long value = Long.parseLong(xmx.group(1));
            return xmx.group(2).equalsIgnoreCase("g") ? value * 1024 : value;
        }
        Matcher percentage = PERCENTAGE.matcher(jvmOptions);
        double share = percentage.find() ? Double.parseDouble(percentage.group(1)) : 25;
        return (long) Math.ceil(limitMiB * share / 100);
    }

    static long mebibytes(Quantity quantity) {
        return Quantity.getAmountInBytes(quantity).longValue() / (1024 * 1024);
    }

    /** "512m", "1g" (compose mem_limit) in MiB. */
    static long composeMebibytes(String value) {
        Matcher matcher = Pattern.compile("(\\d+)([kmg])b?", Pattern.CASE_INSENSITIVE).matcher(value.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("mem_limit " + value + " is not <n>m or <n>g");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2).toLowerCase()) {
            case "g" -> amount * 1024;
            case "m" -> amount;
            default -> amount / 1024;
        };
    }

    private static JsonNode load() {
        try (InputStream in = MemoryBudget.class.getResourceAsStream("/measured-memory.yaml")) {
            return Repo.YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
