package io.gmq.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

/**
 * TCP reachability checks and free-port allocation on the loopback interface.
 */
public final class Ports {

    /** Lowest port handed out: above the well-known and most registered service ports of servers on this box. */
    private static final int LISTEN_LOW = 20000;
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private Ports() {
    }

    public static boolean isListening(Endpoint endpoint) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A port nobody listens on, below the kernel's ephemeral range. A port from {@code new ServerSocket(0)} comes from
     * that range, which every outgoing connection also draws from: between picking it and the server's bind, a client
     * socket of an earlier started server (Kafka, MongoDB, Redis connections) could take it, and the server would exit
     * with "port in use". Below the range only another explicit bind can take it. Ports handed out once are never
     * handed out again by this process, so a stopped and restarted server keeps its own.
     */
    public static int freePort() {
        int[] ephemeral = ephemeralRange();
        int low = LISTEN_LOW;
        int high = Math.min(ephemeral[0], 65536) - 1;
        if (high - low < 1000) {
            // The ephemeral range starts too low to leave room below it: look above it instead.
            low = ephemeral[1] + 1;
            high = 65535;
        }
        for (int attempt = 0; attempt < 200 && high > low; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(low, high + 1);
            if (HANDED_OUT.add(port) && bindable(port)) {
                return port;
            }
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            HANDED_OUT.add(socket.getLocalPort());
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("GMQ-SRV-002 no free port on this machine", e);
        }
    }

    /** The kernel's ephemeral port range (Linux); the IANA range where it cannot be read. */
    static int[] ephemeralRange() {
        try {
            String[] parts = Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+");
            return new int[] { Integer.parseInt(parts[0]), Integer.parseInt(parts[1]) };
        } catch (IOException | RuntimeException e) {
            return new int[] { 49152, 65535 };
        }
    }

    private static boolean bindable(int port) {
        // Without SO_REUSEADDR: a port with connections in TIME_WAIT is skipped too.
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress("0.0.0.0", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Polls {@code condition} every 100 ms; true when it held before {@code timeout}. */
    public static boolean await(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }
}
