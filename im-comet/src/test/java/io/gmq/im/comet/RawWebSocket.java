package io.gmq.im.comet;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A WebSocket client on a plain socket, so a test can send what a library refuses to (invalid UTF-8, frames over the
 * limit) and tell a close frame from a dropped connection.
 */
final class RawWebSocket implements AutoCloseable {

    /** What the server sent until it closed: its text frames, then its close code (1006: no close frame). */
    record Closing(List<String> texts, int code) {
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final Inflater inflater = new Inflater(true);
    /** The server's upgrade answer. */
    final String head;

    RawWebSocket(URI base, String token) throws IOException {
        this(base, token, "");
    }

    /** {@code headers}: extra upgrade headers, each ending with CRLF (a browser offers permessage-deflate). */
    RawWebSocket(URI base, String token, String headers) throws IOException {
        socket = new Socket(base.getHost(), base.getPort());
        socket.setSoTimeout(15_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        String key = Base64.getEncoder().encodeToString(new byte[16]);
        out.write(("GET /ws HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort() + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n"
                + "Authorization: Bearer " + token + "\r\n" + headers + "\r\n").getBytes(StandardCharsets.US_ASCII));
        head = readHead();
        String status = head;
        if (!status.startsWith("HTTP/1.1 101")) {
            throw new IOException("upgrade refused: " + status);
        }
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            head.write(in.readUnsignedByte());
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** A masked client frame with FIN set. */
    void send(int opcode, byte[] payload) throws IOException {
        send(opcode, true, payload);
    }

    /** A masked client frame; without {@code fin}, continuation frames (opcode 0) follow. */
    void send(int opcode, boolean fin, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write((fin ? 0x80 : 0) | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift));
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /** A text frame compressed with permessage-deflate (RSV1), as a browser sends once it was negotiated. */
    void sendDeflated(byte[] text) throws IOException {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(text);
        byte[] buffer = new byte[text.length + 64];
        int length = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
        deflater.end();
        // RFC 7692: the trailing 00 00 ff ff of the flush is left off.
        send(0x40 | 1, true, Arrays.copyOf(buffer, length - 4));
    }

    /** The server keeps its compression window across messages (context takeover), so one inflater per socket. */
    private byte[] inflate(byte[] payload) throws IOException {
        byte[] tail = { 0, 0, (byte) 0xff, (byte) 0xff };
        byte[] input = Arrays.copyOf(payload, payload.length + 4);
        System.arraycopy(tail, 0, input, payload.length, 4);
        inflater.setInput(input);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            int n;
            while ((n = inflater.inflate(buffer)) > 0) {
                out.write(buffer, 0, n);
            }
        } catch (DataFormatException e) {
            throw new IOException(e);
        }
        return out.toByteArray();
    }

    void sendText(String text) throws IOException {
        send(1, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The server's next text frame (the connection is open: it answered). */
    String nextText() throws IOException {
        while (true) {
            int first = in.readUnsignedByte();
            byte[] payload = payload();
            if ((first & 0x0f) == 1) {
                return new String((first & 0x40) != 0 ? inflate(payload) : payload, StandardCharsets.UTF_8);
            }
        }
    }

    private byte[] payload() throws IOException {
        long length = in.readUnsignedByte() & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return payload;
    }

    /** Reads until the server's close frame or the end of the connection. */
    Closing awaitClose() throws IOException {
        List<String> texts = new ArrayList<>();
        try {
            while (true) {
                int first = in.readUnsignedByte();
                byte[] payload = payload();
                int opcode = first & 0x0f;
                if (opcode == 1) {
                    texts.add(new String(payload, StandardCharsets.UTF_8));
                } else if (opcode == 8) {
                    return new Closing(texts, payload.length < 2 ? 1005 : ((payload[0] & 0xff) << 8) | (payload[1] & 0xff));
                }
            }
        } catch (EOFException | java.net.SocketException e) {
            return new Closing(texts, 1006);
        }
    }

    /**
     * Reads text frames until one contains {@code marker} (code 0: the connection is open) or the server closes (its
     * close code, 1006 when it dropped the connection without a close frame).
     */
    Closing readUntil(String marker) throws IOException {
        List<String> texts = new ArrayList<>();
        try {
            while (true) {
                int first = in.readUnsignedByte();
                byte[] payload = payload();
                int opcode = first & 0x0f;
                if (opcode == 1) {
                    String text = new String((first & 0x40) != 0 ? inflate(payload) : payload, StandardCharsets.UTF_8);
                    if (text.contains(marker)) {
                        return new Closing(texts, 0);
                    }
                    texts.add(text);
                } else if (opcode == 8) {
                    return new Closing(texts, payload.length < 2 ? 1005 : ((payload[0] & 0xff) << 8) | (payload[1] & 0xff));
                }
            }
        } catch (EOFException | java.net.SocketException e) {
            return new Closing(texts, 1006);
        }
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        socket.close();
    }
}
