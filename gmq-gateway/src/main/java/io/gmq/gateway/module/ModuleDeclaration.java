package io.gmq.gateway.module;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.gmq.gateway.bus.OverflowPolicy;
import io.gmq.gateway.bus.TopicFilter;

/**
 * One {@code gmq.modules.<name>} entry as declared: how the module is implemented, what it subscribes to and may
 * publish, its queue, and its own keys ({@code settings}, as a tree of maps, lists and strings). A declaration that
 * could not be read carries the reason in {@code error} and makes that module FAILED.
 */
public record ModuleDeclaration(String name, ModuleType type, String impl, boolean enabled, List<TopicFilter> subscribe,
        List<TopicFilter> publish, int queueCapacity, OverflowPolicy overflow, Duration blockTimeout, long maxDiskBytes,
        Optional<Duration> tickInterval, Map<String, Object> settings, Optional<String> error) {

    public static ModuleDeclaration invalid(String name, String error) {
        return new ModuleDeclaration(name, ModuleType.INNER, name, true, List.of(), List.of(), 1, OverflowPolicy.REJECT,
                Duration.ZERO, 0, Optional.empty(), Map.of(), Optional.of(error));
    }

    public boolean subscribes(String topic) {
        // On every publish for every module: a plain loop, no stream.
        for (TopicFilter filter : subscribe) {
            if (filter.matches(topic)) {
                return true;
            }
        }
        return false;
    }

    public boolean mayPublish(String topic) {
        return publish.stream().anyMatch(f -> f.matches(topic));
    }
}
