package io.gmq.gateway.module;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.Dependent;

import io.gmq.gateway.bus.Envelope;

/**
 * Test module: records every message it handles (per module name, across restarts) and the settings it started with.
 */
@Dependent
@ModuleImpl("collector")
public class CollectorModule implements GmqModule<CollectorModule.Settings> {

    public record Item(String name, String value) {
    }

    public record Nested(List<Item> items) {
    }

    public record Settings(List<String> tags, Nested nested, Integer delayMs) {
    }

    public static final Map<String, List<Envelope>> HANDLED = new ConcurrentHashMap<>();
    public static final Map<String, Settings> STARTED_WITH = new ConcurrentHashMap<>();

    private String name;
    private Settings settings;

    @Override
    public Class<Settings> configType() {
        return Settings.class;
    }

    @Override
    public void start(Settings config, ModuleContext context) {
        this.name = context.name();
        this.settings = config;
        STARTED_WITH.put(name, config);
    }

    @Override
    public void handle(Envelope message) throws Exception {
        if (settings.delayMs() != null && settings.delayMs() > 0) {
            Thread.sleep(settings.delayMs());
        }
        if (message.payloadText().equals("fail")) {
            throw new IllegalStateException("asked to fail");
        }
        handled(name).add(message);
    }

    public static List<Envelope> handled(String module) {
        return HANDLED.computeIfAbsent(module, m -> new CopyOnWriteArrayList<>());
    }
}
