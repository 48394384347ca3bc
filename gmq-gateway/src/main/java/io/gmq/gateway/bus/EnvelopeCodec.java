package io.gmq.gateway.bus;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Binary form of an {@link Envelope} for queues on disk: version byte, then id, topic, source, timestamp, headers
 * and payload, strings as length-prefixed UTF-8.
 */
public final class EnvelopeCodec {

    private static final int VERSION = 1;

    private EnvelopeCodec() {
    }

    public static byte[] encode(Envelope envelope) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + envelope.payload().length);
                DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            string(out, envelope.id());
            string(out, envelope.topic());
            string(out, envelope.source());
            out.writeLong(envelope.timestamp());
            out.writeInt(envelope.headers().size());
            for (Map.Entry<String, String> header : envelope.headers().entrySet()) {
                string(out, header.getKey());
                string(out, header.getValue());
            }
            out.writeInt(envelope.payload().length);
            out.write(envelope.payload());
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Envelope decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("unknown envelope encoding version " + version);
            }
            String id = string(in);
            String topic = string(in);
            String source = string(in);
            long timestamp = in.readLong();
            int count = in.readInt();
            Map<String, String> headers = new HashMap<>(count);
            for (int i = 0; i < count; i++) {
                headers.put(string(in), string(in));
            }
            byte[] payload = new byte[in.readInt()];
            in.readFully(payload);
            return new Envelope(id, topic, source, headers, payload, timestamp);
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt envelope record: " + e.getMessage(), e);
        }
    }

    private static void string(DataOutputStream out, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String string(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
