package io.gmq.gateway.so;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.gmq.gateway.bus.Envelope;
import io.gmq.gateway.module.GmqModule;
import io.gmq.gateway.module.ModuleContext;
import io.quarkus.runtime.annotations.RegisterForReflection;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * An {@code so} module: a native shared library with the GMQ C ABI (examples/so-upper/gmq_module.h), loaded with
 * the FFM API. Init gets the config as JSON and an emit callback; each message goes in as JSON; stop, then the
 * library is unloaded.
 */
public final class SoModule implements GmqModule<SoModule.Settings> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Linker LINKER = Linker.nativeLinker();

    /** @param library path of the .so; @param config passed to gmq_init as JSON */
    // Bound by Jackson from the module declaration: a native image needs it registered.
    @RegisterForReflection
    public record Settings(String library, Map<String, Object> config) {
    }

    private Arena arena;
    private MethodHandle handle;
    private MethodHandle stop;
    private ModuleContext context;

    @Override
    public Class<Settings> configType() {
        return Settings.class;
    }

    @Override
    public void start(Settings settings, ModuleContext context) throws Exception {
        if (settings.library() == null || settings.library().isBlank()) {
            throw new IllegalArgumentException("missing key 'library' (the shared library an so module loads)");
        }
        Path library = Path.of(settings.library()).toAbsolutePath();
        if (!Files.isReadable(library)) {
            throw new IllegalArgumentException("key 'library': " + library + " cannot be read");
        }
        this.context = context;
        arena = Arena.ofShared();
        try {
            SymbolLookup symbols = SymbolLookup.libraryLookup(library, arena);
            MethodHandle init = LINKER.downcallHandle(find(symbols, "gmq_init"),
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
            handle = LINKER.downcallHandle(find(symbols, "gmq_handle"), FunctionDescriptor.of(JAVA_INT, ADDRESS));
            stop = LINKER.downcallHandle(find(symbols, "gmq_stop"), FunctionDescriptor.of(JAVA_INT));
            MethodHandle onEmit = MethodHandles.lookup().bind(this, "onEmit",
                    MethodType.methodType(void.class, MemorySegment.class, MemorySegment.class));
            MemorySegment emit = LINKER.upcallStub(onEmit, FunctionDescriptor.ofVoid(ADDRESS, ADDRESS), arena);
            String config = JSON.writeValueAsString(settings.config() == null ? Map.of() : settings.config());
            MemorySegment configJson = arena.allocateFrom(config);
            int code = call(() -> (int) init.invokeExact(configJson, emit, MemorySegment.NULL));
            if (code != 0) {
                throw new IllegalStateException("gmq_init returned " + code);
            }
        } catch (Exception | Error e) {
            arena.close();
            throw e;
        }
    }

    @Override
    public void handle(Envelope message) throws Exception {
        ObjectNode json = JSON.createObjectNode().put("id", message.id()).put("topic", message.topic())
                .put("source", message.source()).put("timestamp", message.timestamp())
                .put("payload", Base64.getEncoder().encodeToString(message.payload()));
        json.set("headers", JSON.valueToTree(message.headers()));
        String text = message.payloadTextOrNull();
        if (text != null) {
            json.put("text", text);
        }
        try (Arena call = Arena.ofConfined()) {
            MemorySegment messageJson = call.allocateFrom(JSON.writeValueAsString(json));
            int code = call(() -> (int) handle.invokeExact(messageJson));
            if (code != 0) {
                throw new IllegalStateException("gmq_handle returned " + code);
            }
        }
    }

    @Override
    public void stop() throws Exception {
        try {
            call(() -> (int) stop.invokeExact());
        } finally {
            arena.close();
        }
    }

    /** The library's emit callback: runs on the calling (module) thread, during gmq_init or gmq_handle. */
    @SuppressWarnings("unused")
    private void onEmit(MemorySegment ctx, MemorySegment messageJson) {
        try {
            JsonNode out = JSON.readTree(messageJson.reinterpret(Long.MAX_VALUE).getString(0, StandardCharsets.UTF_8));
            byte[] payload = out.has("text") ? out.get("text").asText().getBytes(StandardCharsets.UTF_8)
                    : Base64.getDecoder().decode(out.path("payload").asText(""));
            Map<String, String> headers = new HashMap<>();
            out.path("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
            context.publish(out.path("topic").asText(), payload, headers);
        } catch (Exception e) {
            // An exception must not unwind into native code: report it and drop this emit.
            context.log().warnf("GMQ-SO-001 module %s: emit ignored: %s", context.name(), e.getMessage());
        }
    }

    /** A downcall; MethodHandle.invokeExact declares Throwable, the module SPI Exception. */
    private interface NativeCall {
        int call() throws Throwable;
    }

    private static int call(NativeCall nativeCall) throws Exception {
        try {
            return nativeCall.call();
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static MemorySegment find(SymbolLookup symbols, String name) {
        return symbols.find(name).orElseThrow(() -> new IllegalArgumentException("library has no symbol " + name));
    }
}
