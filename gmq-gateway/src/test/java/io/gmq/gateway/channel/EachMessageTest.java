package io.gmq.gateway.channel;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Multi;

import static org.assertj.core.api.Assertions.assertThat;

/** A channel step that fails for one message nacks that message, and the stream goes on with the next ones. */
class EachMessageTest {

    private final List<String> nacked = new CopyOnWriteArrayList<>();

    @Test
    void aFailingStepNacksItsMessageAndTheOthersGoOnInOrder() {
        Multi<Message<byte[]>> in = Multi.createFrom().items("a", "bad", "c").map(this::message);

        List<String> out = EachMessage.map(in, message -> {
            if (text(message).equals("bad")) {
                throw new IllegalStateException("no metadata");
            }
            return message.withPayload((text(message) + "!").getBytes(StandardCharsets.UTF_8));
        }).map(EachMessageTest::text).collect().asList().await().indefinitely();

        assertThat(out).containsExactly("a!", "c!");
        assertThat(nacked).containsExactly("bad: no metadata");
    }

    private Message<byte[]> message(String text) {
        return Message.of(text.getBytes(StandardCharsets.UTF_8)).withNack(failure -> {
            nacked.add(text + ": " + failure.getMessage());
            return CompletableFuture.completedFuture(null);
        });
    }

    private static String text(Message<byte[]> message) {
        return new String(message.getPayload(), StandardCharsets.UTF_8);
    }
}
