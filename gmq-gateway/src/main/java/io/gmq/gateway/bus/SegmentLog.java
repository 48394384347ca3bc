package io.gmq.gateway.bus;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Length-prefixed records in segment files named by the logical position they start at, plus a cursor file. A torn
 * record at the tail (a crash mid-write) is cut off on open; segments wholly before the cursor are deleted.
 */
final class SegmentLog {

    record Record(byte[] data, long next) {
    }

    private static final long SEGMENT_BYTES = 16L * 1024 * 1024;

    private final Path directory;
    private final TreeMap<Long, FileChannel> segments = new TreeMap<>();
    private final FileChannel cursor;
    private long end;

    SegmentLog(Path directory) throws IOException {
        this.directory = directory;
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".seg")).toList()) {
                String name = file.getFileName().toString();
                segments.put(Long.parseLong(name.substring(0, name.length() - 4)), DiskQueue.open(file));
            }
        }
        if (segments.isEmpty()) {
            segments.put(0L, DiskQueue.open(segmentFile(0)));
        }
        Map.Entry<Long, FileChannel> last = segments.lastEntry();
        end = last.getKey() + validLength(last.getValue());
        cursor = DiskQueue.open(directory.resolve("cursor"));
    }

    long end() {
        return end;
    }

    long readCursor() throws IOException {
        long first = segments.firstKey();
        if (cursor.size() < 8) {
            return first;
        }
        ByteBuffer buffer = ByteBuffer.allocate(8);
        cursor.read(buffer, 0);
        return Math.min(Math.max(buffer.getLong(0), first), end);
    }

    int countFrom(long position) throws IOException {
        int count = 0;
        for (long at = position; at < end; at = read(at).next()) {
            count++;
        }
        return count;
    }

    void append(byte[] data) throws IOException {
        Map.Entry<Long, FileChannel> last = segments.lastEntry();
        if (end > last.getKey() && end - last.getKey() + 4 + data.length > SEGMENT_BYTES) {
            last = Map.entry(end, DiskQueue.open(segmentFile(end)));
            segments.put(last.getKey(), last.getValue());
        }
        ByteBuffer buffer = ByteBuffer.allocate(4 + data.length).putInt(data.length).put(data).flip();
        long at = end - last.getKey();
        while (buffer.hasRemaining()) {
            at += last.getValue().write(buffer, at);
        }
        end += 4 + data.length;
    }

    Record read(long position) throws IOException {
        Map.Entry<Long, FileChannel> segment = segments.floorEntry(position);
        long at = position - segment.getKey();
        ByteBuffer length = ByteBuffer.allocate(4);
        readFully(segment.getValue(), length, at);
        ByteBuffer data = ByteBuffer.allocate(length.getInt(0));
        readFully(segment.getValue(), data, at + 4);
        return new Record(data.array(), position + 4 + data.capacity());
    }

    void writeCursor(long position) throws IOException {
        cursor.write(DiskQueue.longBuffer(position), 0);
        while (segments.size() > 1 && segments.higherKey(segments.firstKey()) <= position) {
            long first = segments.firstKey();
            segments.remove(first).close();
            Files.deleteIfExists(segmentFile(first));
        }
    }

    void force() throws IOException {
        segments.lastEntry().getValue().force(false);
        cursor.force(false);
    }

    void close() throws IOException {
        for (FileChannel channel : segments.values()) {
            channel.close();
        }
        cursor.close();
    }

    /** Length of the whole records in a segment; a torn tail record is truncated away. */
    private static long validLength(FileChannel channel) throws IOException {
        long size = channel.size();
        long at = 0;
        ByteBuffer length = ByteBuffer.allocate(4);
        while (at + 4 <= size) {
            length.clear();
            readFully(channel, length, at);
            int n = length.getInt(0);
            if (n < 0 || at + 4 + n > size) {
                break;
            }
            at += 4 + n;
        }
        if (at < size) {
            channel.truncate(at);
        }
        return at;
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw new IOException("unexpected end of segment at " + at);
            }
            at += read;
        }
    }

    private Path segmentFile(long base) {
        return directory.resolve(String.format("%020d.seg", base));
    }

    @Override
    public String toString() {
        return directory.toString();
    }
}
