package io.gmq.gateway.module;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.gmq.gateway.bus.DiskQueue;
import io.gmq.gateway.bus.Envelope;
import io.gmq.gateway.bus.EnvelopeCodec;
import io.gmq.gateway.bus.MemoryQueue;
import io.gmq.gateway.bus.ModuleQueue;
import io.gmq.gateway.bus.OverflowPolicy;
import io.gmq.gateway.config.GatewayConfig;

/**
 * Where module queues live on disk ({@code gmq.gateway.data-dir}/queues/&lt;module&gt;): creates the queue a
 * declaration asks for, and writes and restores the shutdown spill of memory queues.
 */
@ApplicationScoped
public class QueueStore {

    private static final Logger LOG = Logger.getLogger(QueueStore.class);

    private final Path root;
    private final long maxMemoryBytes;

    public QueueStore(GatewayConfig config) {
        this.root = Path.of(config.dataDir()).resolve("queues");
        this.maxMemoryBytes = config.queue().maxMemoryBytes();
    }

    ModuleQueue create(ModuleDeclaration declaration) {
        return create(declaration.name(), declaration.queueCapacity(), declaration.overflow(),
                declaration.blockTimeout(), declaration.maxDiskBytes());
    }

    /**
     * The queue of one bus subscriber (a module, or a {@code gmq-bus} channel under a name of its own): on disk for
     * {@code spill-to-disk}, with what it held at a crash; else in memory, with its shutdown spill queued first.
     */
    public ModuleQueue create(String name, int capacity, OverflowPolicy overflow, Duration blockTimeout,
            long maxDiskBytes) {
        if (overflow == OverflowPolicy.SPILL_TO_DISK) {
            DiskQueue queue = new DiskQueue(root.resolve(name), capacity, maxDiskBytes);
            if (queue.depth() > 0) {
                LOG.infof("GMQ-MOD-014 module %s: %d messages recovered from its disk queue", name, queue.depth());
            }
            return queue;
        }
        MemoryQueue queue = new MemoryQueue(capacity, overflow, blockTimeout, maxMemoryBytes);
        List<Envelope> spilled = restoreSpill(name);
        if (!spilled.isEmpty()) {
            queue.restore(spilled);
            LOG.infof("GMQ-MOD-014 module %s: %d messages restored from the shutdown spill", name, spilled.size());
        }
        return queue;
    }

    /** Writes messages left in a memory queue at shutdown, to be queued again first on the next start. */
    public void spill(String module, List<Envelope> messages) {
        if (messages.isEmpty()) {
            return;
        }
        Path file = spillFile(module);
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling("shutdown-spill.tmp");
            try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(tmp))) {
                for (Envelope message : messages) {
                    byte[] record = EnvelopeCodec.encode(message);
                    out.writeInt(record.length);
                    out.write(record);
                }
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            LOG.warnf("GMQ-MOD-013 module %s: %d messages not handled before shutdown were spilled to %s", module,
                    messages.size(), file);
        } catch (IOException e) {
            LOG.errorf("GMQ-MOD-015 module %s: could not spill %d messages to %s: %s", module, messages.size(), file,
                    e.getMessage());
        }
    }

    private List<Envelope> restoreSpill(String module) {
        Path file = spillFile(module);
        if (!Files.exists(file)) {
            return List.of();
        }
        List<Envelope> messages = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            while (true) {
                int length;
                try {
                    length = in.readInt();
                } catch (EOFException end) {
                    break;
                }
                byte[] record = new byte[length];
                in.readFully(record);
                messages.add(EnvelopeCodec.decode(record));
            }
            Files.delete(file);
            return messages;
        } catch (IOException e) {
            throw new UncheckedIOException("GMQ-MOD-016 cannot restore " + file + ": " + e.getMessage(), e);
        }
    }

    /** Where a module's disk queue and shutdown spill live. */
    Path directory(String module) {
        return root.resolve(module);
    }

    private Path spillFile(String module) {
        return directory(module).resolve("shutdown-spill.bin");
    }
}
