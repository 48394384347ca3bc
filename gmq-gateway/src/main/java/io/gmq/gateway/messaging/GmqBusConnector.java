package io.gmq.gateway.messaging;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.gmq.gateway.bus.Envelope;
import io.gmq.gateway.bus.MessageBus;
import io.gmq.gateway.bus.OverflowPolicy;
import io.gmq.gateway.bus.TopicFilter;
import io.gmq.gateway.config.GatewayConfig;
import io.gmq.gateway.config.ShutdownDeadline;
import io.gmq.gateway.config.ShutdownOrder;
import io.gmq.gateway.module.Durations;
import io.gmq.gateway.module.ModuleRuntime;
import io.gmq.gateway.module.ModuleState;
import io.gmq.gateway.module.QueueStore;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.connector.InboundConnector;
import io.smallrye.reactive.messaging.connector.OutboundConnector;

/**
 * The gateway bus as a Reactive Messaging connector ({@code gmq-bus}): an incoming channel subscribes to bus topics
 * through a queue of its own (the same queue kinds and overflow policies as modules), an outgoing channel publishes to
 * the bus. Channels are declared under {@code mp.messaging} in application.yaml; README "Channels" lists the keys.
 */
@ApplicationScoped
@org.eclipse.microprofile.reactive.messaging.spi.Connector(GmqBusConnector.NAME)
public class GmqBusConnector implements InboundConnector, OutboundConnector {

    public static final String NAME = "gmq-bus";
    private static final Logger LOG = Logger.getLogger(GmqBusConnector.class);

    private final MessageBus bus;
    private final QueueStore store;
    private final GatewayConfig gateway;
    private final ShutdownDeadline deadline;
    private final Map<String, BusChannelSource> sources = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    public GmqBusConnector(MessageBus bus, QueueStore store, GatewayConfig gateway, ShutdownDeadline deadline) {
        this.bus = bus;
        this.deadline = deadline;
        this.store = store;
        this.gateway = gateway;
    }

    @Override
    public Flow.Publisher<? extends Message<?>> getPublisher(Config config) {
        String channel = config.getValue("channel-name", String.class);
        String name = config.getOptionalValue("module", String.class).orElse(channel);
        List<TopicFilter> filters = filters(config.getOptionalValue("subscribe", String.class).orElseThrow(
                () -> new IllegalArgumentException("channel " + channel + ": key 'subscribe' is required")));
        OverflowPolicy overflow = config.getOptionalValue("queue.overflow", String.class).map(OverflowPolicy::parse)
                .orElse(gateway.queue().overflow());
        int capacity = config.getOptionalValue("queue.capacity", Integer.class).orElse(gateway.queue().capacity());
        Duration blockTimeout = config.getOptionalValue("queue.block-timeout", String.class)
                .map(v -> Durations.parse(v, v, "queue.block-timeout")).orElse(gateway.queue().blockTimeout());
        long maxDisk = config.getOptionalValue("queue.max-disk-bytes", Long.class)
                .orElse(gateway.queue().maxDiskBytes());
        int inflight = config.getOptionalValue("max-inflight", Integer.class).orElse(128);
        String strategy = config.getOptionalValue("failure-strategy", String.class).orElse("retry");
        if (!strategy.equals("retry") && !strategy.equals("ignore")) {
            throw new IllegalArgumentException("channel " + channel + ": failure-strategy must be retry or ignore");
        }
        BusChannelSource source = new BusChannelSource(channel, name, filters,
                store.create("channel-" + name, capacity, overflow, blockTimeout, maxDisk), Math.max(1, inflight),
                strategy.equals("retry"));
        sources.put(name, source);
        bus.subscribe(source);
        LOG.infof("GMQ-BUS-010 channel %s subscribed to %s as %s (%s queue of %d)", channel, filters, name, overflow,
                capacity);
        return source.messages();
    }

    @Override
    public Flow.Subscriber<? extends Message<?>> getSubscriber(Config config) {
        String channel = config.getValue("channel-name", String.class);
        BusChannelSink sink = new BusChannelSink(bus, config.getOptionalValue("module", String.class).orElse(channel),
                config.getOptionalValue("topic", String.class),
                config.getOptionalValue("publish", String.class).map(GmqBusConnector::filters).orElse(List.of()),
                () -> !stopping);
        return new OrderedSubscriber(channel, sink::start);
    }

    /**
     * Graceful shutdown, before any module or channel stops: waits (within the drain timeout) until every running
     * module's queue and every channel's queue is empty and every message a channel emitted is acknowledged. A
     * channel's output may be a module's or another channel's input, and the other way round: whichever stopped first
     * would lose what the others still publish to it.
     */
    void settle(@Observes @Priority(ShutdownOrder.BUS_SETTLE) ShutdownEvent event) throws InterruptedException {
        if (!awaitWithinDeadline(this::settled)) {
            LOG.warnf("GMQ-BUS-013 the bus did not settle within the drain timeout: channels %s, modules %s still hold"
                    + " messages (they stop now; memory queues are spilled)",
                    sources.values().stream().filter(s -> !s.idle()).map(BusChannelSource::channel).toList(),
                    bus.modules().stream().filter(m -> !moduleSettled(m)).map(ModuleRuntime::name).toList());
        }
    }

    /** Polls {@code condition} until it holds or the shutdown deadline passes; its last answer. */
    private boolean awaitWithinDeadline(BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + deadline.remaining().toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() >= until) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
        return true;
    }

    private boolean settled() {
        return sources.values().stream().allMatch(BusChannelSource::idle)
                && bus.modules().stream().allMatch(GmqBusConnector::moduleSettled);
    }

    /** A module that is not running would never empty its queue: its messages are spilled at its stop. */
    private static boolean moduleSettled(ModuleRuntime module) {
        return module.state() != ModuleState.RUNNING || module.queue().depth() == 0;
    }

    /**
     * Graceful shutdown: first every channel, all at once, gets the drain timeout to empty its queue and have what it
     * emitted acknowledged. Then every channel stops emitting, its memory queue takes no more, the sinks give up on
     * full queues (what they held goes back to the channel it came from), and what was emitted settles; only then does each
     * leave the bus, and what
     * is left is spilled. A channel's output may be another channel's input (debug-in → debug-out → bus-to-mqtt): a
     * channel that left the bus while another still emitted towards it would lose those messages, acknowledged by a
     * bus with no subscriber.
     */
    void onStop(@Observes @Priority(ShutdownOrder.BUS_CHANNELS) ShutdownEvent event) throws InterruptedException {
        // Modules stopped since the bus settled may have published their last results: settle the channels again.
        awaitWithinDeadline(() -> sources.values().stream().allMatch(BusChannelSource::idle));
        for (BusChannelSource source : sources.values()) {
            source.halt();
        }
        stopping = true;
        for (BusChannelSource source : sources.values()) {
            source.refuseOffers();
        }
        // A sink holding a message for a full queue checks every second at most; past the drain deadline as well.
        long until = System.nanoTime() + deadline.remaining().plusSeconds(2).toNanos();
        for (BusChannelSource source : sources.values()) {
            if (!source.awaitSettled(Duration.ofNanos(Math.max(0, until - System.nanoTime())))) {
                LOG.warnf("GMQ-BUS-014 channel %s: messages it emitted were still unsettled at its stop (kept for the"
                        + " spill, or left in its disk queue)", source.channel());
            }
        }
        for (BusChannelSource source : sources.values()) {
            bus.unsubscribe(source.name());
            List<Envelope> left = source.stop(deadline.remaining());
            store.spill("channel-" + source.name(), left);
            LOG.infof("GMQ-BUS-011 channel %s (module %s) stopped: %d received, %d acknowledged, %d failed, %d spilled",
                    source.channel(), source.name(), source.received(), source.acknowledged(), source.failed(),
                    left.size());
        }
        sources.clear();
    }

    Optional<BusChannelSource> source(String name) {
        return Optional.ofNullable(sources.get(name));
    }

    private static List<TopicFilter> filters(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(TopicFilter::new)
                .toList();
    }
}
