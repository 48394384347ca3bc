package io.gmq.im.bench.gateway.load;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;

/**
 * The bench's receiving MQTT client: one connection subscribed to one filter, a reader thread that records each
 * PUBLISH in the {@link Tally} and answers QoS1 ones with PUBACKs, flushed once the socket has nothing more to read.
 */
final class Subscriber implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;
    private final BufferedOutputStream out;
    private final Tally tally;
    private final int size;
    private final Thread reader;
    private volatile Exception failure;

    Subscriber(String host, int port, String clientId, String filter, int qos, int size, Tally tally)
            throws IOException {
        this.tally = tally;
        this.size = size;
        socket = new Socket(host, port);
        socket.setTcpNoDelay(true);
        socket.setReceiveBufferSize(1 << 20);
        in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
        out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
        MqttWire.connect(out, clientId);
        expect(MqttWire.CONNACK);
        MqttWire.subscribe(out, filter, qos);
        expect(MqttWire.SUBACK);
        reader = Thread.ofPlatform().name("subscriber").daemon().start(this::read);
    }

    private void expect(int type) throws IOException {
        MqttWire.Packet packet = MqttWire.read(in, new byte[256]);
        if (packet.type() != type || (type == MqttWire.SUBACK && (packet.body()[2] & 0x80) != 0)) {
            throw new IOException("expected packet type " + type + ", got " + packet.type() + " (refused?)");
        }
    }

    private void read() {
        byte[] buffer = new byte[1 << 16];
        try {
            while (true) {
                MqttWire.Packet packet = MqttWire.read(in, buffer);
                if (packet.type() != MqttWire.PUBLISH) {
                    continue;
                }
                long now = System.nanoTime();
                byte[] body = packet.body();
                int qos = (packet.flags() >> 1) & 3;
                int topicLength = ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
                int length = packet.length();
                char phase = length - (2 + topicLength + (qos > 0 ? 2 : 0)) >= size
                        ? Payload.phase(body, length, size)
                        : 0;
                if (phase == 0) {
                    tally.record('?', 0, 0, now);
                } else {
                    tally.record(phase, Payload.seq(body, length, size), Payload.nanos(body, length, size), now);
                }
                if (qos > 0) {
                    int at = 2 + topicLength;
                    MqttWire.puback(out, ((body[at] & 0xFF) << 8) | (body[at + 1] & 0xFF));
                }
                if (in.available() == 0) {
                    out.flush();
                }
            }
        } catch (IOException e) {
            if (!socket.isClosed()) {
                failure = e;
            }
        }
    }

    /** Why the reader stopped early, or null. */
    Exception failure() {
        return failure;
    }

    @Override
    public void close() throws IOException {
        // No DISCONNECT: the reader thread may be writing a PUBACK; a clean session needs no goodbye.
        socket.close();
        reader.interrupt();
    }
}
