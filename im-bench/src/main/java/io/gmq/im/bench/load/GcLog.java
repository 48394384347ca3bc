package io.gmq.im.bench.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows one JVM's {@code -Xlog:gc} file: each {@link #read()} returns the heap sizes after the collections logged
 * since the previous read (how many, the lowest and the last), so the soak sees the heap after GC without forcing one.
 */
final class GcLog {

    /** What the collections of one interval left: none (then the sizes are -1), or the lowest and last after-sizes. */
    record Interval(int collections, double lowestAfterMb, double lastAfterMb) {
    }

    /** {@code 120M->30M(256M)} in a pause line: heap before, after, and committed (units K, M or G). */
    private static final Pattern PAUSE = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");
    private final Path file;
    private long offset;
    /** An unfinished last line, completed by the next read. */
    private String partial = "";

    GcLog(Path file) {
        this.file = file;
    }

    Interval read() {
        String text;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() < offset) {
                // rotated (-Xlog's file output starts a new file at 20 MB): read the new one from its start
                offset = 0;
                partial = "";
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE, channel.size() - offset));
            while (buffer.hasRemaining() && channel.read(buffer, offset + buffer.position()) > 0) {
                // read to the size seen above
            }
            offset += buffer.position();
            text = partial + new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return new Interval(0, -1, -1);
        }
        int end = text.lastIndexOf('\n');
        partial = text.substring(end + 1);
        int collections = 0;
        double lowest = Double.MAX_VALUE;
        double last = -1;
        Matcher pause = PAUSE.matcher(end < 0 ? "" : text.substring(0, end));
        while (pause.find()) {
            last = megabytes(pause.group(3), pause.group(4));
            lowest = Math.min(lowest, last);
            collections++;
        }
        return new Interval(collections, collections == 0 ? -1 : lowest, last);
    }

    private static double megabytes(String number, String unit) {
        double value = Double.parseDouble(number);
        return switch (unit) {
            case "K" -> value / 1024;
            case "G" -> value * 1024;
            default -> value;
        };
    }
}
