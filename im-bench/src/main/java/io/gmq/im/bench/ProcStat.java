package io.gmq.im.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads one process's CPU time (utime + stime) and resident memory from /proc, the figures the bench divides by
 * deliveries and connections.
 */
public final class ProcStat {

    /** Clock ticks per second of /proc/[pid]/stat; 100 on every Linux this runs on (getconf CLK_TCK). */
    private static final long TICKS_PER_SECOND = 100;

    private ProcStat() {
    }

    /** CPU time (user + system) of {@code pid} in microseconds, or -1 when the process is gone or unknown. */
    public static long cpuMicros(long pid) {
        if (pid <= 0) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * 1_000_000 / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Resident set size of {@code pid} in bytes (VmRSS), or -1. */
    public static long rssBytes(long pid) {
        if (pid <= 0) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return -1;
    }

    public static long self() {
        return ProcessHandle.current().pid();
    }
}
