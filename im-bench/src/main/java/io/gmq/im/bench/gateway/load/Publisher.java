package io.gmq.im.bench.gateway.load;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The bench's sending MQTT client. At QoS1 it keeps at most {@code window} PUBLISHes unacknowledged (a reader thread
 * returns a permit per PUBACK), which is the broker's pace; at QoS0 it writes as fast as the socket takes. With a
 * {@code rate} it also spaces messages evenly in time.
 */
final class Publisher implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;
    private final BufferedOutputStream out;
    private final byte[] topic;
    private final int qos;
    private final int window;
    private final Semaphore permits;
    private final Thread reader;
    private int nextId;
    private volatile long acked;
    private volatile Exception failure;

    Publisher(String host, int port, String clientId, String topic, int qos, int window) throws IOException {
        this.topic = topic.getBytes(StandardCharsets.UTF_8);
        this.qos = qos;
        this.window = window;
        this.permits = new Semaphore(window);
        socket = new Socket(host, port);
        socket.setTcpNoDelay(true);
        socket.setSendBufferSize(1 << 20);
        in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
        out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
        MqttWire.connect(out, clientId);
        if (MqttWire.read(in, new byte[16]).type() != MqttWire.CONNACK) {
            throw new IOException("no CONNACK for " + clientId);
        }
        reader = Thread.ofPlatform().name("publisher-acks").daemon().start(this::readAcks);
    }

    private void readAcks() {
        byte[] buffer = new byte[256];
        try {
            while (true) {
                if (MqttWire.read(in, buffer).type() == MqttWire.PUBACK) {
                    acked++;
                    permits.release();
                }
            }
        } catch (IOException e) {
            if (!socket.isClosed()) {
                failure = e;
            }
        }
    }

    /** Sends one message, waiting for room in the window at QoS1 (what is buffered goes out before the wait). */
    void send(byte[] payload) throws IOException, InterruptedException {
        if (qos > 0 && !permits.tryAcquire()) {
            out.flush();
            while (!permits.tryAcquire(1, TimeUnit.SECONDS)) {
                if (failure != null) {
                    throw new IOException("publisher's connection failed", failure);
                }
            }
        }
        nextId = nextId == 0xFFFF ? 1 : nextId + 1;
        MqttWire.publish(out, topic, qos, nextId, payload);
    }

    /**
     * Sends {@code count} messages made by {@code body} (seq → payload), as fast as allowed or, with {@code rate} >
     * 0, the i-th at start + i / rate; at a positive {@code hookAt}, runs {@code hook} once that many were sent.
     */
    void sendAll(long count, double rate, java.util.function.LongFunction<byte[]> body, long hookAt, Runnable hook)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        for (long seq = 0; seq < count; seq++) {
            if (rate > 0) {
                long due = start + (long) (seq * 1e9 / rate);
                if (due - System.nanoTime() > 200_000) {
                    out.flush();
                    LockSupport.parkNanos(due - System.nanoTime());
                }
            }
            if (seq == hookAt && hook != null) {
                hook.run();
            }
            send(body.apply(seq));
        }
        out.flush();
    }

    /** Waits until every QoS1 message sent was acknowledged; true if so within the timeout (always at QoS0). */
    boolean awaitAcked(long timeoutMillis) throws InterruptedException {
        if (qos == 0) {
            return true;
        }
        if (permits.tryAcquire(window, timeoutMillis, TimeUnit.MILLISECONDS)) {
            permits.release(window);
            return true;
        }
        return false;
    }

    void flush() throws IOException {
        out.flush();
    }

    long acked() {
        return acked;
    }

    @Override
    public void close() throws IOException {
        try {
            MqttWire.disconnect(out);
        } catch (IOException e) {
            // the broker may be gone already
        }
        socket.close();
        reader.interrupt();
    }
}
