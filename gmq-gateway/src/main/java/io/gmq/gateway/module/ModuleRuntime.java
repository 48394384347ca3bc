package io.gmq.gateway.module;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

import org.jboss.logging.Logger;

import io.gmq.gateway.bus.BusSubscriber;
import io.gmq.gateway.bus.Envelope;
import io.gmq.gateway.bus.MemoryQueue;
import io.gmq.gateway.bus.ModuleQueue;
import io.gmq.gateway.bus.OverflowPolicy;

/**
 * One declared module at run time: its queue (which outlives every instance, so nothing queued is lost across a
 * stop or restart), its current instance, the worker thread that feeds it one message at a time, state and counters.
 */
public final class ModuleRuntime implements BusSubscriber {

    private static final Logger LOG = Logger.getLogger(ModuleRuntime.class);
    private static final Duration POLL = Duration.ofMillis(50);

    private final QueueStore queues;
    private final ModuleFactory factory;
    private final ModuleServices services;
    private final LongAdder received = new LongAdder();
    private final LongAdder handled = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder restarts = new LongAdder();
    private volatile ModuleDeclaration declaration;
    private volatile ModuleQueue queue;
    private volatile ModuleState state = ModuleState.STOPPED;
    private volatile String reason = "";
    private volatile boolean running;
    private GmqModule<Object> instance;
    private volatile RuntimeModuleContext context;
    private Thread worker;
    private final StartRetry retry;

    ModuleRuntime(ModuleDeclaration declaration, ModuleFactory factory, ModuleServices services, QueueStore queues) {
        this.declaration = declaration;
        this.factory = factory;
        this.services = services;
        this.queues = queues;
        this.queue = queues.create(declaration);
        this.retry = new StartRetry(declaration.name());
        if (!declaration.enabled()) {
            state = ModuleState.DISABLED;
        }
    }

    public synchronized void start() {
        if (state == ModuleState.RUNNING || !declaration.enabled()) {
            return;
        }
        state = ModuleState.STARTING;
        try {
            declaration.error().ifPresent(e -> {
                throw new IllegalArgumentException(e);
            });
            GmqModule<Object> module = factory.create(declaration);
            context = new RuntimeModuleContext(declaration, services);
            try {
                module.start(SettingsBinder.bind(declaration.settings(), module.configType()), context);
            } catch (Exception | LinkageError e) {
                factory.destroy(module);
                throw e;
            }
            instance = module;
            running = true;
            worker = Thread.ofVirtual().name("gmq-module-" + declaration.name()).start(() -> work(module));
            state = ModuleState.RUNNING;
            reason = "";
            int failures = retry.succeeded();
            LOG.infof("GMQ-MOD-001 module %s started (%s %s)%s", name(), declaration.type().name().toLowerCase(),
                    declaration.impl(), failures == 0 ? "" : " after " + failures + " failed attempts");
        } catch (Exception | LinkageError e) {
            state = ModuleState.FAILED;
            reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (!declaration.error().isPresent() && StartRetry.mayPass(e)) {
                if (retry.failed(this::retryStart)) {
                    LOG.errorf("GMQ-MOD-002 module %s failed to start: %s; retrying in %d s, doubling to %d s", name(),
                            reason, StartRetry.FIRST.toSeconds(), StartRetry.LONGEST.toSeconds());
                } else {
                    LOG.debugf("module %s failed to start again: %s", name(), reason);
                }
            } else {
                LOG.errorf("GMQ-MOD-002 module %s failed to start: %s", name(), reason);
            }
        }
    }

    private synchronized void retryStart() {
        if (state == ModuleState.FAILED) {
            start();
        }
    }

    /** Stops after the message in hand; queued messages stay queued. */
    public synchronized void stop() {
        retry.cancel();
        if (state != ModuleState.RUNNING) {
            if (state == ModuleState.FAILED) {
                state = ModuleState.STOPPED;
            }
            return;
        }
        state = ModuleState.STOPPING;
        running = false;
        try {
            if (!worker.join(Duration.ofSeconds(30))) {
                worker.interrupt();
                worker.join(Duration.ofSeconds(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            instance.stop();
        } catch (Exception e) {
            LOG.warnf("GMQ-MOD-004 module %s: stop() threw: %s", name(), e.getMessage());
        }
        factory.destroy(instance);
        instance = null;
        state = ModuleState.STOPPED;
        LOG.infof("GMQ-MOD-003 module %s stopped (%d queued)", name(), queue.depth());
    }

    /** Stop, take the new declaration (queue limits, subscriptions, own keys), start: one restart counted. */
    public synchronized void restart(ModuleDeclaration next) {
        stop();
        boolean onDisk = next.overflow() == OverflowPolicy.SPILL_TO_DISK;
        if (onDisk != (queue.policy() == OverflowPolicy.SPILL_TO_DISK)) {
            switchQueue(next);
        } else {
            queue.reconfigure(next.queueCapacity(), next.overflow(), next.blockTimeout());
        }
        declaration = next;
        restarts.increment();
        state = next.enabled() ? ModuleState.STOPPED : ModuleState.DISABLED;
        start();
    }

    /** Moves queued messages between memory and disk when the overflow policy changes to or from spill-to-disk. */
    private void switchQueue(ModuleDeclaration next) {
        ModuleQueue previous = queue;
        ModuleQueue replacement = queues.create(next);
        for (Envelope message : previous.drain()) {
            try {
                replacement.offer(message);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        previous.close();
        queue = replacement;
    }

    /** At shutdown, after stop: what a memory queue still holds goes to disk; durable queues just close. */
    synchronized void spillAndClose() {
        // Closed first: an offer waiting for room would otherwise land after the drain, in a queue nobody reads.
        queue.close();
        if (queue instanceof MemoryQueue) {
            queues.spill(name(), queue.drain());
        }
    }

    private void work(GmqModule<Object> module) {
        long tickNanos = declaration.tickInterval().map(Duration::toNanos).orElse(0L);
        long nextTick = System.nanoTime() + tickNanos;
        while (running) {
            Envelope message;
            try {
                message = queue.poll(POLL);
            } catch (InterruptedException e) {
                return;
            }
            if (message != null) {
                handleOne(module, message);
            }
            if (tickNanos > 0 && System.nanoTime() >= nextTick) {
                nextTick = System.nanoTime() + tickNanos;
                try {
                    module.tick();
                } catch (Exception e) {
                    LOG.warnf("GMQ-MOD-006 module %s: tick failed: %s", name(), e.getMessage());
                }
            }
        }
    }

    private void handleOne(GmqModule<Object> module, Envelope message) {
        try {
            module.handle(message);
            handled.increment();
            queue.commit();
        } catch (InterruptedException e) {
            queue.returnToHead(message);
            Thread.currentThread().interrupt();
            running = false;
        } catch (Exception e) {
            failed.increment();
            queue.commit();
            LOG.warnf("GMQ-MOD-005 module %s failed to handle message %s on %s: %s", name(), message.id(), message.topic(),
                    e.getMessage());
        }
    }

    @Override
    public boolean takes(String topic) {
        ModuleState now = state;
        return now != ModuleState.DISABLED && now != ModuleState.FAILED && declaration.subscribes(topic);
    }

    @Override
    public String name() {
        return declaration.name();
    }

    @Override
    public void countReceived() {
        received.increment();
    }

    public long received() {
        return received.sum();
    }

    public long handled() {
        return handled.sum();
    }

    public long failed() {
        return failed.sum();
    }

    public long restarts() {
        return restarts.sum();
    }

    /** The datasources the running instance asked for ("" = default); none unless RUNNING. */
    public Set<String> dataSourcesInUse() {
        RuntimeModuleContext current = context;
        return state == ModuleState.RUNNING && current != null ? current.dataSources() : Set.of();
    }

    public ModuleDeclaration declaration() {
        return declaration;
    }

    @Override
    public ModuleQueue queue() {
        return queue;
    }

    public ModuleState state() {
        return state;
    }

    public String reason() {
        return reason;
    }
}
