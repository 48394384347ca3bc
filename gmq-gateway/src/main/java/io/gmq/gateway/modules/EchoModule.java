package io.gmq.gateway.modules;

import jakarta.enterprise.context.Dependent;

import io.gmq.gateway.bus.Envelope;
import io.gmq.gateway.module.GmqModule;
import io.gmq.gateway.module.ModuleContext;
import io.gmq.gateway.module.ModuleImpl;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Debug/echo module: republishes every message it receives to {@code reply-topic}, its payload prefixed with
 * {@code prefix}, and logs it at DEBUG.
 */
@Dependent
@ModuleImpl("echo")
public class EchoModule implements GmqModule<EchoModule.Settings> {

    /** @param replyTopic where echoes go (must be in the module's publish list); @param prefix put before payloads */
    // Bound by Jackson from the module declaration: a native image needs it registered.
    @RegisterForReflection
    public record Settings(String replyTopic, String prefix) {
    }

    private Settings settings;
    private ModuleContext context;

    @Override
    public Class<Settings> configType() {
        return Settings.class;
    }

    @Override
    public void start(Settings config, ModuleContext context) {
        if (config.replyTopic() == null || config.replyTopic().isBlank()) {
            throw new IllegalArgumentException("missing key 'reply-topic'");
        }
        this.settings = config;
        this.context = context;
    }

    @Override
    public void handle(Envelope message) {
        context.log().debugf("echo %s %s", message.topic(), message.payloadText());
        String prefix = settings.prefix() == null ? "" : settings.prefix();
        context.publish(settings.replyTopic(),
                (prefix + message.payloadText()).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                message.headers());
    }
}
