package io.gmq.servers;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Scanner;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PortsTest {

    @Test
    void freePortsAreBelowTheEphemeralRangeDistinctAndBindable() throws Exception {
        int[] ephemeral = Ports.ephemeralRange();
        Path proc = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        if (Files.exists(proc)) {
            try (Scanner kernel = new Scanner(proc)) {
                assertThat(ephemeral).as("the kernel's range").containsExactly(kernel.nextInt(), kernel.nextInt());
            }
        }
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            int port = Ports.freePort();
            assertThat(port < ephemeral[0] || port > ephemeral[1])
                    .as("%d outside the ephemeral range %d-%d", port, ephemeral[0], ephemeral[1]).isTrue();
            assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
        }
        int port = Ports.freePort();
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            assertThat(socket.getLocalPort()).isEqualTo(port);
        }
    }
}
