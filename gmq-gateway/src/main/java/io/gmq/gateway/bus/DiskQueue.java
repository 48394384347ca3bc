package io.gmq.gateway.bus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A module queue on disk (policy spill-to-disk): every message is appended to a log before the publisher is answered,
 * and a cursor file records how far the module has got. After a crash (kill -9) the messages past the cursor are
 * replayed, at least once. Written data is in the OS page cache at once (safe against process crashes) and forced to
 * the device by {@link #sync()} (the runtime calls it every second). Bounded by {@code maxBytes}; beyond, offers are
 * rejected.
 */
public final class DiskQueue implements ModuleQueue {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(DiskQueue.class);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    /** Guarded by {@code lock}: after close, sync has nothing to do (the scheduled sync may still run at shutdown). */
    private boolean closed;
    private final LongAdder rejected = new LongAdder();
    private final SegmentLog log;
    private final long maxBytes;
    private volatile int capacity;
    private long committed;
    private long readPosition;
    private int depth;

    public DiskQueue(Path directory, int capacity, long maxBytes) {
        this.capacity = capacity;
        this.maxBytes = maxBytes;
        try {
            Files.createDirectories(directory);
            this.log = new SegmentLog(directory);
            this.committed = log.readCursor();
            this.readPosition = committed;
            this.depth = log.countFrom(committed);
        } catch (IOException e) {
            throw new UncheckedIOException("GMQ-QUE-001 cannot open the queue in " + directory + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Offer offer(Envelope message) {
        byte[] record = EnvelopeCodec.encode(message);
        lock.lock();
        try {
            if (log.end() - committed + record.length + 4 > maxBytes) {
                rejected.increment();
                return Offer.REJECTED;
            }
            log.append(record);
            depth++;
            notEmpty.signal();
            return Offer.QUEUED;
        } catch (IOException e) {
            // Refused like a full queue: the publisher gets a code (QUEUE_FULL), the operator one line with the cause.
            rejected.increment();
            LOG.errorf("GMQ-QUE-002 cannot append message %s to %s: %s", message.id(), log, e.getMessage());
            return Offer.REJECTED;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Envelope poll(Duration timeout) throws InterruptedException {
        return next(timeout.toNanos(), true);
    }

    @Override
    public Envelope take() throws InterruptedException {
        return next(0, false);
    }

    private Envelope next(long nanos, boolean timed) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (readPosition >= log.end()) {
                if (!timed) {
                    notEmpty.await();
                    continue;
                }
                if (nanos <= 0) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            SegmentLog.Record record = log.read(readPosition);
            readPosition = record.next();
            return EnvelopeCodec.decode(record.data());
        } catch (IOException e) {
            throw new UncheckedIOException("GMQ-QUE-003 cannot read " + log + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void commit() {
        lock.lock();
        try {
            if (readPosition > committed) {
                committed = readPosition;
                depth--;
                log.writeCursor(committed);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("GMQ-QUE-004 cannot write the cursor of " + log + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void returnToHead(Envelope message) {
        lock.lock();
        try {
            readPosition = committed;
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<Envelope> drain() {
        lock.lock();
        try {
            List<Envelope> all = new ArrayList<>();
            for (long at = committed; at < log.end();) {
                SegmentLog.Record record = log.read(at);
                all.add(EnvelopeCodec.decode(record.data()));
                at = record.next();
            }
            committed = readPosition = log.end();
            depth = 0;
            log.writeCursor(committed);
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException("GMQ-QUE-003 cannot read " + log + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** Forces appended records and the cursor to the storage device; nothing once closed (close forced them). */
    public void sync() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            log.force();
        } catch (IOException e) {
            throw new UncheckedIOException("GMQ-QUE-005 cannot sync " + log + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int depth() {
        lock.lock();
        try {
            return depth;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public OverflowPolicy policy() {
        return OverflowPolicy.SPILL_TO_DISK;
    }

    @Override
    public long dropped() {
        return 0;
    }

    @Override
    public long rejected() {
        return rejected.sum();
    }

    @Override
    public void reconfigure(int newCapacity, OverflowPolicy newPolicy, Duration blockTimeout) {
        capacity = newCapacity;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            try {
                log.force();
            } finally {
                log.close();
            }
        } catch (IOException e) {
            // Closing after a failure: nothing more to save.
        } finally {
            lock.unlock();
        }
    }

    static FileChannel open(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    static ByteBuffer longBuffer(long value) {
        return ByteBuffer.allocate(8).putLong(0, value);
    }
}
