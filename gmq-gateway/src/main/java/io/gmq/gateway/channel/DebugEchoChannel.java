package io.gmq.gateway.channel;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

import io.smallrye.mutiny.Multi;

/**
 * The debug echo, a built-in module written as channel methods: each message on {@code debug-in} (bus topic
 * {@code debug/in}) comes back on {@code debug-out} ({@code debug/out}) with a prefix. The output keeps the input's
 * acknowledgement, so the input leaves its queue only once the bus took the echo.
 */
@ApplicationScoped
public class DebugEchoChannel {

    private final byte[] prefix;

    public DebugEchoChannel(@ConfigProperty(name = "gmq.debug.prefix", defaultValue = "echo: ") String prefix) {
        this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
    }

    @Incoming("debug-in")
    @Outgoing("debug-out")
    // The echo keeps the input's acknowledgement: the input is acknowledged when the echo is.
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Multi<Message<byte[]>> echo(Multi<Message<byte[]>> in) {
        return EachMessage.map(in, this::prefixed);
    }

    Message<byte[]> prefixed(Message<byte[]> in) {
        byte[] payload = in.getPayload();
        byte[] out = new byte[prefix.length + payload.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(payload, 0, out, prefix.length, payload.length);
        return in.withPayload(out);
    }
}
