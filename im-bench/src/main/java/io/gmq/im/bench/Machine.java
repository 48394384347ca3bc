package io.gmq.im.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Where a result was measured: CPU count and model (from /proc/cpuinfo), memory, the load average, and the git
 * commit of the checkout (with {@code -dirty} when it has uncommitted changes).
 */
public final class Machine {

    private Machine() {
    }

    static ObjectNode describe(ObjectMapper json) {
        ObjectNode machine = json.createObjectNode().put("cpus", Runtime.getRuntime().availableProcessors());
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    machine.put("model", line.substring(line.indexOf(':') + 1).trim());
                    break;
                }
            }
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    machine.put("memory_mb", Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024);
                    break;
                }
            }
        } catch (IOException e) {
            machine.put("model", "unknown");
        }
        return machine;
    }

    /** How busy all CPUs were (% of their time, not idle or waiting on I/O) over {@code millis}, from /proc/stat. */
    public static double busyPercent(long millis) throws IOException, InterruptedException {
        long[] before = cpuTimes();
        Thread.sleep(millis);
        long[] after = cpuTimes();
        long total = after[0] - before[0];
        return total <= 0 ? 0 : Math.round(1000.0 * (total - (after[1] - before[1])) / total) / 10.0;
    }

    /** {total, idle + iowait} jiffies of the first line of /proc/stat. */
    private static long[] cpuTimes() throws IOException {
        String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < Math.min(fields.length, 9); i++) {
            total += Long.parseLong(fields[i]);
        }
        return new long[] { total, Long.parseLong(fields[4]) + Long.parseLong(fields[5]) };
    }

    /** The 1-minute load average: above ~1 on 2 cores, something else competes with the run. */
    public static double loadAverage() throws IOException {
        return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    }

    public static String gitCommit(Path root) {
        String commit = git(root, "rev-parse", "--short=12", "HEAD");
        String status = git(root, "status", "--porcelain", "--untracked-files=no");
        return commit.isEmpty() ? "unknown" : status.isEmpty() ? commit : commit + "-dirty";
    }

    private static String git(Path root, String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "git";
        System.arraycopy(args, 0, command, 1, args.length);
        try {
            Process git = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes()).trim();
            return git.waitFor(10, TimeUnit.SECONDS) && git.exitValue() == 0 ? out : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
