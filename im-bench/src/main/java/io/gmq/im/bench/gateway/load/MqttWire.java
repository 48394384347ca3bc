package io.gmq.im.bench.gateway.load;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The few MQTT 3.1.1 packets the bench's clients exchange (CONNECT, PUBLISH, PUBACK, SUBSCRIBE, DISCONNECT), written
 * and read on blocking streams. A client of its own rather than vertx-mqtt: no inflight cap of its own, no frame-size
 * limit (Netty's decoder fault, gmq-gateway/README.md "MQTT edge"), and little CPU taken from the box it measures.
 */
final class MqttWire {

    static final int CONNACK = 2;
    static final int PUBLISH = 3;
    static final int PUBACK = 4;
    static final int SUBACK = 9;

    /** One packet read: its type (high nibble), flags (low nibble) and body. */
    record Packet(int type, int flags, byte[] body, int length) {
    }

    private MqttWire() {
    }

    /** Clean session, keep-alive off (the bench's connections are never idle long enough to matter). */
    static void connect(OutputStream out, String clientId) throws IOException {
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[10 + 2 + id.length];
        byte[] head = { 0, 4, 'M', 'Q', 'T', 'T', 4, 0x02, 0, 0 };
        System.arraycopy(head, 0, body, 0, head.length);
        body[10] = (byte) (id.length >> 8);
        body[11] = (byte) id.length;
        System.arraycopy(id, 0, body, 12, id.length);
        packet(out, 0x10, body, body.length);
        out.flush();
    }

    static void subscribe(OutputStream out, String filter, int qos) throws IOException {
        byte[] topic = filter.getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[2 + 2 + topic.length + 1];
        body[1] = 1;
        body[2] = (byte) (topic.length >> 8);
        body[3] = (byte) topic.length;
        System.arraycopy(topic, 0, body, 4, topic.length);
        body[body.length - 1] = (byte) qos;
        packet(out, 0x82, body, body.length);
        out.flush();
    }

    /** A PUBLISH; {@code packetId} is ignored at QoS0. */
    static void publish(OutputStream out, byte[] topic, int qos, int packetId, byte[] payload) throws IOException {
        int length = 2 + topic.length + (qos > 0 ? 2 : 0) + payload.length;
        out.write(0x30 | (qos << 1));
        remainingLength(out, length);
        out.write(topic.length >> 8);
        out.write(topic.length);
        out.write(topic);
        if (qos > 0) {
            out.write(packetId >> 8);
            out.write(packetId);
        }
        out.write(payload);
    }

    static void puback(OutputStream out, int packetId) throws IOException {
        out.write(0x40);
        out.write(2);
        out.write(packetId >> 8);
        out.write(packetId);
    }

    static void disconnect(OutputStream out) throws IOException {
        out.write(0xE0);
        out.write(0);
        out.flush();
    }

    /** Reads the next packet into {@code buffer} when it fits (a new array otherwise). */
    static Packet read(DataInputStream in, byte[] buffer) throws IOException {
        int first = in.read();
        if (first < 0) {
            throw new EOFException("connection closed by the broker");
        }
        int length = 0;
        for (int shift = 0;; shift += 7) {
            int b = in.readUnsignedByte();
            length |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        byte[] body = length <= buffer.length ? buffer : new byte[length];
        in.readFully(body, 0, length);
        return new Packet(first >> 4, first & 0x0F, body, length);
    }

    private static void packet(OutputStream out, int header, byte[] body, int length) throws IOException {
        out.write(header);
        remainingLength(out, length);
        out.write(body, 0, length);
    }

    private static void remainingLength(OutputStream out, int length) throws IOException {
        do {
            int digit = length & 0x7F;
            length >>>= 7;
            out.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
    }
}
