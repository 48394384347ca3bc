package io.gmq.im.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.gmq.servers.GmqRoot;
import io.gmq.servers.Ports;

/**
 * The peer the GMQ figures are compared against ({@code --peer vertx}): per run, a fresh
 * {@link io.gmq.im.bench.peer.RoomServerMain} child process (plain Vert.x, no auth, no persistence) on a free port,
 * started like the generator (same class path). It has no logic tier: rooms exist from their first join, so the
 * bench creates none.
 */
final class PeerStack implements Stack {

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Path work;
    private final String jvm;
    private final int eventLoops;
    private final String jwtSecret;
    private Process process;
    private int port;
    private Path log;

    PeerStack(Path work, String jvm, int eventLoops) {
        this.work = work;
        this.jvm = jvm;
        this.eventLoops = eventLoops;
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        this.jwtSecret = HexFormat.of().formatHex(secret);
    }

    @Override
    public synchronized void startRun(String run) throws Exception {
        Path dir = Files.createDirectories(work.resolve(run));
        port = Ports.freePort();
        List<String> command = new ArrayList<>(List.of(GmqRoot.javaExecutable()));
        command.addAll(List.of(jvm.trim().split("\\s+")));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.gmq.im.bench.peer.RoomServerMain",
                Integer.toString(port), Integer.toString(eventLoops)));
        log = dir.resolve("peer.log");
        // In the bench's directory, as the generator: the class path is relative to it.
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!accepts()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the peer exited during start: see " + log);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the peer did not listen within 60 s: see " + log);
            }
            Thread.sleep(100);
        }
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public synchronized void endRun() {
        if (process == null) {
            return;
        }
        process.destroy();
        Tiers.awaitStopped(process);
        process = null;
    }

    @Override
    public URI comet() {
        return URI.create("ws://127.0.0.1:" + port + "/ws");
    }

    /** None: the peer has no admin API, rooms are created by their first join. */
    @Override
    public URI logic() {
        return null;
    }

    @Override
    public String jwtSecret() {
        return jwtSecret;
    }

    @Override
    public String adminPassword() {
        return "";
    }

    @Override
    public synchronized Map<String, Long> pids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        pids.put("comet", process == null ? 0 : process.pid());
        pids.put("logic", 0L);
        pids.put("push", 0L);
        return pids;
    }

    @Override
    public synchronized Map<String, Path> logs() {
        return log == null ? Map.of() : Map.of("peer", log);
    }

    @Override
    public void close() {
        endRun();
    }
}
