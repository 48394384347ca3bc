package io.gmq.gateway.modules;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.Dependent;

import io.gmq.gateway.bus.Envelope;
import io.gmq.gateway.module.GmqModule;
import io.gmq.gateway.module.ModuleContext;
import io.gmq.gateway.module.ModuleImpl;
import io.gmq.gateway.module.NoConfig;

/**
 * Test module: counts the sequence numbers (decimal payloads) it handles, per module name and across restarts, so a
 * test can tell lost messages from duplicated ones at 100,000 messages without keeping them.
 */
@Dependent
@ModuleImpl("sequence-sink")
public class SequenceSinkModule implements GmqModule<NoConfig> {

    /** What one sink has seen: how often each sequence number came. */
    public static final class Tally {
        private final Map<Integer, Integer> seen = new ConcurrentHashMap<>();
        private final AtomicLong total = new AtomicLong();

        void add(int sequence) {
            seen.merge(sequence, 1, Integer::sum);
            total.incrementAndGet();
        }

        public int distinct() {
            return seen.size();
        }

        public long duplicates() {
            return total.get() - seen.size();
        }

        /** The sequence numbers below {@code count} never seen, at most 10 of them, for the failure message. */
        public String missing(int count) {
            StringBuilder out = new StringBuilder();
            for (int i = 0, found = 0; i < count && found < 10; i++) {
                if (!seen.containsKey(i)) {
                    out.append(i).append(' ');
                    found++;
                }
            }
            return out.toString().strip();
        }
    }

    private static final Map<String, Tally> TALLIES = new ConcurrentHashMap<>();

    private String name;

    public static Tally tally(String module) {
        return TALLIES.computeIfAbsent(module, m -> new Tally());
    }

    public static void reset(String module) {
        TALLIES.remove(module);
    }

    @Override
    public Class<NoConfig> configType() {
        return NoConfig.class;
    }

    @Override
    public void start(NoConfig config, ModuleContext context) {
        this.name = context.name();
    }

    @Override
    public void handle(Envelope message) {
        // Looked up per message: reset() between tests replaces the tally without restarting the module.
        tally(name).add(Integer.parseInt(message.payloadText().strip()));
    }
}
