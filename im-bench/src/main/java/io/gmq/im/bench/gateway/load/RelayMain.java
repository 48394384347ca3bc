package io.gmq.im.bench.gateway.load;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The bench's peer {@code relay}: the cheapest QoS0 relay through the same broker that the gateway can be held against.
 * One thread on blocking sockets subscribes to {@code in-topic} and republishes each payload to {@code out-topic} on a
 * second connection, flushing when the inbound socket has nothing more buffered; with {@code pause-us} > 0 it sleeps
 * that long after a small read, as the gateway's read pause does. It prints {@code ready} once subscribed and runs
 * until killed.
 */
public final class RelayMain {

    /** The gateway's threshold (gmq-gateway ReadPause.SMALL_TURN): fewer bytes than this in a read is small. */
    private static final int SMALL_TURN = 2048;

    private RelayMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        for (String arg : args) {
            p.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        String host = p.get("host");
        int port = Integer.parseInt(p.get("port"));
        long pauseNanos = TimeUnit.MICROSECONDS.toNanos(Long.parseLong(p.getOrDefault("pause-us", "0")));
        byte[] outTopic = p.get("out-topic").getBytes(StandardCharsets.UTF_8);
        try (Socket inbound = new Socket(host, port); Socket outbound = new Socket(host, port)) {
            inbound.setTcpNoDelay(true);
            outbound.setTcpNoDelay(true);
            CountingInput counted = new CountingInput(inbound.getInputStream());
            DataInputStream in = new DataInputStream(counted);
            BufferedOutputStream inOut = new BufferedOutputStream(inbound.getOutputStream());
            BufferedOutputStream out = new BufferedOutputStream(outbound.getOutputStream(), 1 << 16);
            byte[] buffer = new byte[1 << 16];
            MqttWire.connect(inOut, p.get("client-id") + "-in");
            expect(in, buffer, MqttWire.CONNACK);
            MqttWire.connect(out, p.get("client-id") + "-out");
            expect(new DataInputStream(new BufferedInputStream(outbound.getInputStream())), buffer, MqttWire.CONNACK);
            MqttWire.subscribe(inOut, p.get("in-topic"), 0);
            expect(in, buffer, MqttWire.SUBACK);
            System.out.println("ready");
            System.out.flush();
            while (true) {
                MqttWire.Packet packet = MqttWire.read(in, buffer);
                if (packet.type() == MqttWire.PUBLISH) {
                    byte[] body = packet.body();
                    int topicLength = ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
                    byte[] payload = java.util.Arrays.copyOfRange(body, 2 + topicLength, packet.length());
                    MqttWire.publish(out, outTopic, 0, 0, payload);
                }
                if (counted.buffered() == 0) {
                    out.flush();
                    if (pauseNanos > 0 && counted.takeTurnBytes() < SMALL_TURN) {
                        LockSupport.parkNanos(pauseNanos);
                    }
                }
            }
        }
    }

    private static void expect(DataInputStream in, byte[] buffer, int type) throws IOException {
        if (MqttWire.read(in, buffer).type() != type) {
            throw new IOException("expected packet type " + type);
        }
    }

    /** A read buffer that tells how much it still holds and how many bytes its socket reads brought since asked. */
    private static final class CountingInput extends BufferedInputStream {

        private long turnBytes;

        CountingInput(java.io.InputStream in) {
            super(in, 1 << 16);
        }

        int buffered() {
            return count - pos;
        }

        long takeTurnBytes() {
            long bytes = turnBytes;
            turnBytes = 0;
            return bytes;
        }

        @Override
        public synchronized int read() throws IOException {
            fillCounted();
            return super.read();
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) throws IOException {
            fillCounted();
            return super.read(b, off, len);
        }

        /** Refills from the socket here (when empty), so that each socket read is counted. */
        private void fillCounted() throws IOException {
            if (pos >= count) {
                int n = in.read(buf, 0, buf.length);
                if (n > 0) {
                    pos = 0;
                    count = n;
                    markpos = -1;
                    turnBytes += n;
                }
            }
        }
    }
}
