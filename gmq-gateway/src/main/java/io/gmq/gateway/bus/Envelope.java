package io.gmq.gateway.bus;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

import io.gmq.common.id.Ids;

/**
 * One message on the gateway bus: a unique id, the topic it was published to, the module that published it, string
 * headers and an opaque payload.
 */
public record Envelope(String id, String topic, String source, Map<String, String> headers, byte[] payload,
        long timestamp) {

    public Envelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(topic, "topic");
        source = source == null ? "" : source;
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        payload = payload == null ? new byte[0] : payload;
    }

    /** Same id, same message: the id is unique, and sets of outstanding envelopes hash one per message. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Envelope envelope && id.equals(envelope.id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    /** A new envelope with a fresh id and the current time. */
    public static Envelope of(String topic, String source, Map<String, String> headers, byte[] payload) {
        return new Envelope(Ids.next(), topic, source, headers, payload, System.currentTimeMillis());
    }

    public static Envelope text(String topic, String source, String payload) {
        return of(topic, source, Map.of(), payload.getBytes(StandardCharsets.UTF_8));
    }

    public String payloadText() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /** The payload as text when it is valid UTF-8, else null (binary payloads then travel base64-encoded). */
    public String payloadTextOrNull() {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(payload)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return null;
        }
    }
}
