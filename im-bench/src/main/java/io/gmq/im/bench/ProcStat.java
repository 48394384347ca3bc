package io.gmq.im.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Reads one process's CPU time (utime + stime), resident memory, threads and open file descriptors from /proc, the
 * figures the bench divides by deliveries and connections and the soak follows over time.
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
        long kilobytes = status(pid, "VmRSS:");
        return kilobytes < 0 ? -1 : kilobytes * 1024;
    }

    /** Threads of {@code pid} (Threads in /proc/[pid]/status), or -1. */
    public static long threads(long pid) {
        return status(pid, "Threads:");
    }

    /**
     * Open file descriptors of {@code pid} (entries of /proc/[pid]/fd, readable for a process of the same user), or
     * -1. For the calling process the count includes the descriptor of the listing itself.
     */
    public static long openFds(long pid) {
        if (pid <= 0) {
            return -1;
        }
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.count();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The number of a {@code name} line of /proc/[pid]/status (kB for the Vm lines), or -1. */
    private static long status(long pid, String name) {
        if (pid <= 0) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
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
