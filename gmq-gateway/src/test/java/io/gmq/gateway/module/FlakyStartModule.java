package io.gmq.gateway.module;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.Dependent;

import io.gmq.gateway.bus.Envelope;

/** Test module: its first two starts fail as a database that does not answer yet would; the third succeeds. */
@Dependent
@ModuleImpl("flaky-start")
public class FlakyStartModule implements GmqModule<NoConfig> {

    public static final Map<String, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();

    @Override
    public Class<NoConfig> configType() {
        return NoConfig.class;
    }

    @Override
    public void start(NoConfig config, ModuleContext context) {
        if (ATTEMPTS.computeIfAbsent(context.name(), n -> new AtomicInteger()).incrementAndGet() <= 2) {
            throw new IllegalStateException("Acquisition timeout while waiting for new connection");
        }
    }

    @Override
    public void handle(Envelope message) {
    }
}
