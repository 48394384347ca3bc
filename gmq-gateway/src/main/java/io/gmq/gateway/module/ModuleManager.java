package io.gmq.gateway.module;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import io.gmq.gateway.bus.DiskQueue;
import io.gmq.gateway.bus.MessageBus;
import io.gmq.gateway.config.GatewayConfig;
import io.gmq.gateway.config.ShutdownDeadline;
import io.gmq.gateway.config.ShutdownOrder;
import io.gmq.gateway.reload.ModuleConfigLoader;
import io.gmq.gateway.reload.ModuleConfigMapWatcher;
import io.gmq.gateway.reload.ModuleFileWatcher;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Starts every declared module at boot (a module that fails does not stop the others), applies changed declarations
 * by restarting only the modules whose declaration changed, and on shutdown drains every queue before stopping.
 */
@ApplicationScoped
public class ModuleManager {

    private static final Logger LOG = Logger.getLogger(ModuleManager.class);

    private final MessageBus bus;
    private final ModuleFactory factory;
    private final ModuleServices services;
    private final GatewayConfig config;
    private final ModuleConfigLoader loader;
    private final QueueStore queues;
    private final ShutdownDeadline deadline;
    private final Instance<ModuleFileWatcher> fileWatcher;
    private final Instance<ModuleConfigMapWatcher> configMapWatcher;
    private volatile boolean started;

    public ModuleManager(MessageBus bus, ModuleFactory factory, ModuleServices services, GatewayConfig config,
            ModuleConfigLoader loader, Instance<ModuleFileWatcher> fileWatcher,
            Instance<ModuleConfigMapWatcher> configMapWatcher, QueueStore queues, ShutdownDeadline deadline) {
        this.bus = bus;
        this.deadline = deadline;
        this.factory = factory;
        this.services = services;
        this.config = config;
        this.loader = loader;
        this.fileWatcher = fileWatcher;
        this.configMapWatcher = configMapWatcher;
        this.queues = queues;
    }

    void onStart(@Observes StartupEvent event) {
        fileWatcher.get().loadInitial();
        configMapWatcher.get().loadInitial();
        applyCurrent();
        started = true;
    }

    public boolean isStarted() {
        return started;
    }

    /** Applies the declarations in force now (application config overlaid with the watched file or ConfigMap). */
    public void applyCurrent() {
        apply(loader.declarations(queueDefaults()));
    }

    /** Makes the running modules match {@code declarations}: new ones start, changed ones restart, removed ones stop. */
    public synchronized void apply(Map<String, ModuleDeclaration> declarations) {
        List<Runnable> starts = new ArrayList<>();
        declarations.forEach((name, next) -> {
            ModuleRuntime current = bus.module(name);
            if (current == null) {
                ModuleRuntime runtime = new ModuleRuntime(next, factory, services, queues);
                bus.register(runtime);
                starts.add(runtime::start);
            } else if (!current.declaration().equals(next)) {
                LOG.infof("GMQ-MOD-010 module %s: declaration changed, restarting it", name);
                starts.add(() -> current.restart(next));
            }
        });
        startSideBySide(starts);
        for (ModuleRuntime runtime : bus.modules()) {
            if (!declarations.containsKey(runtime.name())) {
                LOG.infof("GMQ-MOD-011 module %s: no longer declared, draining and removing it", runtime.name());
                drain(runtime, config.shutdown().drainTimeout());
                runtime.stop();
                bus.unregister(runtime.name());
                reportLeftovers(runtime);
                runtime.spillAndClose();
            }
        }
    }

    public ModuleDeclarations.QueueDefaults queueDefaults() {
        GatewayConfig.Queue queue = config.queue();
        return new ModuleDeclarations.QueueDefaults(queue.capacity(), queue.overflow(), queue.blockTimeout(),
                queue.maxDiskBytes());
    }

    /** Drains every queue (bounded by the drain timeout), stops every module, spills what is left to disk. */
    void onStop(@Observes @Priority(ShutdownOrder.MODULES) ShutdownEvent event) {
        for (ModuleRuntime runtime : bus.modules()) {
            drain(runtime, deadline.remaining());
        }
        bus.modules().forEach(ModuleRuntime::stop);
        bus.modules().forEach(ModuleRuntime::spillAndClose);
    }

    /** Forces durable queues to the device once a second (they are safe against process crashes at once). */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void syncDiskQueues() {
        for (ModuleRuntime runtime : bus.modules()) {
            if (runtime.queue() instanceof DiskQueue disk) {
                disk.sync();
            }
        }
    }

    /**
     * One virtual thread per module start, all awaited: a module slow to start (an exe child that takes its time to
     * send its ready line) holds back none of the others.
     */
    private static void startSideBySide(List<Runnable> starts) {
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            starts.forEach(executor::execute);
        }
    }

    /**
     * A removed module that was not running (stopped, failed) or did not drain in time leaves messages: they stay on
     * disk, where the next module declared under the same name with the same kind of queue picks them up.
     */
    private void reportLeftovers(ModuleRuntime runtime) {
        int left = runtime.queue().depth();
        if (left > 0) {
            boolean onDisk = runtime.queue() instanceof DiskQueue;
            LOG.warnf("GMQ-MOD-017 module %s: removed with %d messages not handled; they stay in %s and are queued again"
                    + " if a module named %s is declared again with %s queue (delete the directory to drop them)",
                    runtime.name(), left, queues.directory(runtime.name()), runtime.name(),
                    onDisk ? "a spill-to-disk" : "a memory");
        }
    }

    private static void drain(ModuleRuntime runtime, Duration timeout) {
        if (runtime.state() != ModuleState.RUNNING) {
            return;
        }
        try {
            if (!runtime.queue().awaitEmpty(timeout)) {
                LOG.warnf("GMQ-MOD-012 module %s: %d messages still queued after the %s drain timeout",
                        runtime.name(), runtime.queue().depth(), timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
