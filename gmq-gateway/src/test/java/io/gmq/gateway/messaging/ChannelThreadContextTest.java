package io.gmq.gateway.messaging;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-message operators built downstream of a connector's emit, or on a thread of ours, are left as they are by
 * Mutiny's context propagation; anywhere else they are wrapped (which is what the empty context saves).
 */
class ChannelThreadContextTest {

    private final Function<String, String> callback = s -> s;

    @Test
    void callbacksBuiltOutsideAChannelAreWrapped() {
        assertThat(Infrastructure.decorate(callback)).isNotSameAs(callback);
    }

    @Test
    void callbacksBuiltDownstreamOfAnEmitAreLeftAsTheyAre() {
        List<Object> built = new CopyOnWriteArrayList<>();
        MultiEmitter<? super String>[] emitter = new MultiEmitter[1];
        // Wired as Reactive Messaging wires the channels at start (ChannelThreadContext#beforeWiring).
        ChannelThreadContext.run(() -> Multi.createFrom().<String> emitter(e -> emitter[0] = e, BackPressureStrategy.BUFFER)
                .subscribe().with(item -> built.add(Infrastructure.decorate(callback))));

        ChannelThreadContext.emit(emitter[0], "m");

        assertThat(built).containsExactly(callback);
        assertThat(Infrastructure.decorate(callback)).as("the scope ends with the emit").isNotSameAs(callback);
    }

    @Test
    void callbacksBuiltOnAThreadOfOursAreLeftAsTheyAre() {
        Object[] built = new Object[1];
        ChannelThreadContext.run(() -> built[0] = Infrastructure.decorate(callback));
        assertThat(built[0]).isSameAs(callback);
    }
}
