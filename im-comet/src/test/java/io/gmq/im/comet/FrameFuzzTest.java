package io.gmq.im.comet;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.gmq.im.common.ImCode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;
import net.jqwik.api.sessions.JqwikSession;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property-based fuzz of the WebSocket: connections get generated frames (protocol frames with random fields, any
 * JSON, text that is not JSON, binary, invalid UTF-8, sizes around the 8 KiB frame limit and the 64 KiB WebSocket
 * limit), then a heartbeat. Each connection either answers it (every frame it sent is a JSON object of a documented
 * type, errors with a catalogue code) or closes with a documented code after a {@code disconnect} frame with that
 * code; the comet never logs an error. Fixed seed, bounded count; longer: {@code -Dgmq.fuzz.tries=…}.
 */
@QuarkusTest
class FrameFuzzTest {

    static final int CONNECTIONS = Integer.getInteger("gmq.fuzz.tries", 2000) / 10;
    static final String SEED = System.getProperty("gmq.fuzz.seed", "20261130");
    static final Set<String> TYPES = Set.of("welcome", "message", "recovered", "ack", "joined", "left", "heartbeat",
            "acked", "error", "disconnect");
    static final ObjectMapper JSON = new ObjectMapper();

    /** One generated frame: its opcode (1 text, 2 binary) and payload. */
    record Frame(int opcode, byte[] payload) {
        @Override
        public String toString() {
            String text = new String(payload, StandardCharsets.UTF_8);
            return opcode + ":" + payload.length + ":" + (text.length() > 80 ? text.substring(0, 80) + "…" : text);
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Test
    void everyConnectionAnswersOrClosesAsDocumented() throws Exception {
        List<LogRecord> errors = Collections.synchronizedList(new ArrayList<>());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.SEVERE.intValue() || record.getThrown() != null
                        && record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    errors.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        List<List<Frame>> sessions;
        JqwikSession.start(SEED);
        try {
            sessions = frames().list().ofMinSize(1).ofMaxSize(20).sampleStream().limit(CONNECTIONS).toList();
        } finally {
            JqwikSession.finish();
        }
        List<String> failures = new ArrayList<>();
        AtomicInteger closed = new AtomicInteger();
        int frames = 0;
        try {
            for (int i = 0; i < sessions.size(); i++) {
                frames += sessions.get(i).size();
                String problem = run("fuzz-" + i, sessions.get(i), closed);
                if (problem != null && failures.size() < 10) {
                    failures.add(problem + " after " + sessions.get(i));
                }
            }
        } finally {
            root.removeHandler(capture);
        }
        System.out.printf("WebSocket fuzz: seed %s, %d connections, %d frames, %d closed by the server%n", SEED,
                sessions.size(), frames, closed.get());
        assertThat(failures).as("seed %s", SEED).isEmpty();
        assertThat(errors).as("errors logged by the comet").extracting(r -> r.getLoggerName() + ": " + r.getMessage())
                .isEmpty();
    }

    /** Null when the connection behaved as documented, else what went wrong. */
    private String run(String user, List<Frame> frames, AtomicInteger closed) throws Exception {
        try (RawWebSocket ws = new RawWebSocket(base, TestTokens.expiringIn(user, 600))) {
            String welcome = ws.nextText();
            if (!welcome.contains("\"type\":\"welcome\"")) {
                return "first frame " + welcome;
            }
            try {
                for (Frame frame : frames) {
                    ws.send(frame.opcode(), frame.payload());
                }
                ws.sendText("{\"type\":\"heartbeat\",\"cid\":\"fuzz-end\"}");
            } catch (IOException e) {
                // The server closed while frames were still going out: its close frame tells why.
            }
            RawWebSocket.Closing until = ws.readUntil("\"type\":\"heartbeat\"");
            for (String text : until.texts()) {
                String problem = problem(text);
                if (problem != null) {
                    return problem;
                }
            }
            if (until.code() == 0) {
                return null;
            }
            closed.incrementAndGet();
            if (!documentedClose(until.code())) {
                return "closed with " + until.code();
            }
            String last = until.texts().isEmpty() ? "" : until.texts().getLast();
            JsonNode disconnect = last.isEmpty() ? null : JSON.readTree(last);
            if (disconnect == null || !"disconnect".equals(disconnect.path("type").asText())
                    || disconnect.path("code").asInt() != until.code()) {
                return "closed with " + until.code() + " without a disconnect frame naming it (last: " + last + ")";
            }
            return null;
        }
    }

    private static String problem(String text) {
        JsonNode frame;
        try {
            frame = JSON.readTree(text);
        } catch (IOException e) {
            return "not JSON: " + text;
        }
        if (!frame.isObject() || !TYPES.contains(frame.path("type").asText())) {
            return "undocumented frame " + text;
        }
        if ("error".equals(frame.path("type").asText())) {
            int code = frame.path("code").asInt();
            boolean known = code >= 1000 && code < 2000
                    && java.util.Arrays.stream(ImCode.values()).anyMatch(c -> c.code() == code);
            if (!known || !ImCode.of(code).name().equals(frame.path("error").asText())) {
                return "error frame outside the catalogue " + text;
            }
        }
        return null;
    }

    /** RFC 6455 closes the docs name (1007 bad UTF-8, 1009 too big) and the catalogue's close codes. */
    private static boolean documentedClose(int code) {
        return code == 1007 || code == 1009
                || java.util.Arrays.stream(ImCode.values()).anyMatch(c -> c.closes() && c.code() == code);
    }

    static Arbitrary<Frame> frames() {
        Arbitrary<String> room = Arbitraries.oneOf(Arbitraries.of("lobby", "", "a b", "x".repeat(65)),
                Arbitraries.strings().ofMaxLength(70));
        Arbitrary<String> value = Arbitraries.oneOf(room.map(FrameFuzzTest::quote),
                Arbitraries.of("null", "true", "1", "-1", "1e400", "[]", "{}", "[\"a\",null]", "9999999999999999999"));
        Arbitrary<String> protocol = Arbitraries.of("send", "join", "leave", "change", "heartbeat", "ack", "recover",
                "bogus", "").flatMap(
                        type -> Arbitraries.maps(
                                Arbitraries.of("cid", "kind", "room", "group", "to", "body", "seq", "last", "from", "x"), value)
                                .ofMaxSize(5).map(fields -> {
                                    StringBuilder json = new StringBuilder("{\"type\":").append(quote(type));
                                    fields.forEach((k, v) -> json.append(',').append(quote(k)).append(':').append(v));
                                    return json.append('}').toString();
                                }));
        Arbitrary<String> anyJson = Arbitraries.of("null", "[]", "{}", "[{\"type\":\"send\"}]", "\"send\"", "42",
                "{\"type\":null}", "{\"type\":[\"join\"]}", "{\"type\":\"send\",\"body\":{\"nested\":[1,2]}}");
        Arbitrary<Frame> text = Arbitraries.frequency(Tuple.of(6, protocol), Tuple.of(2, anyJson),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(100)),
                Tuple.of(1, Arbitraries.integers().between(8180, 8200).map(n -> "{\"type\":\"send\",\"body\":\""
                        + "b".repeat(n) + "\"}")))
                .flatMap(a -> a).map(s -> new Frame(1, s.getBytes(StandardCharsets.UTF_8)));
        Arbitrary<Frame> sized = Arbitraries.of(65_535, 65_536, 65_537, 70_000).map(n -> new Frame(1, pad(n)));
        Arbitrary<Frame> binary = Arbitraries.bytes().array(byte[].class).ofMaxSize(200).map(b -> new Frame(2, b));
        Arbitrary<Frame> badUtf8 = Arbitraries.of(new byte[] { (byte) 0xC3, 0x28 }, new byte[] { (byte) 0xFF },
                new byte[] { '{', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '}' }).map(b -> new Frame(1, b));
        return Arbitraries.frequency(Tuple.of(40, text), Tuple.of(1, sized), Tuple.of(3, binary), Tuple.of(1, badUtf8))
                .flatMap(a -> a);
    }

    /** A JSON text frame of exactly {@code bytes} bytes. */
    private static byte[] pad(int bytes) {
        String head = "{\"type\":\"send\",\"body\":\"";
        return (head + "p".repeat(bytes - head.length() - 2) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static String quote(String value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
