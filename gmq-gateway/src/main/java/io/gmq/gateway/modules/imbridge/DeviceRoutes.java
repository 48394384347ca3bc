package io.gmq.gateway.modules.imbridge;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.gmq.gateway.bus.Envelope;
import io.gmq.gateway.bus.TopicFilter;

/**
 * Which room a device message goes to and what it says there: the first route whose filter matches the bus topic;
 * the body is the format with {@code {topic}} (the broker topic the mqtt-bridge saw, else the bus topic) and
 * {@code {payload}} (UTF-8 text, or {@code base64:...} for binary payloads) filled in.
 */
public final class DeviceRoutes {

    /** One configured route, validated. */
    record Route(List<TopicFilter> filters, String room) {
    }

    private final List<Route> routes;
    private final String format;

    private DeviceRoutes(List<Route> routes, String format) {
        this.routes = routes;
        this.format = format;
    }

    /** From the module's {@code routes} key; a missing room or a bad filter throws naming the route. */
    public static DeviceRoutes of(List<RouteSettings> settings, String format) {
        if (settings == null || settings.isEmpty()) {
            throw new IllegalArgumentException("key 'routes': at least one {topics: [...], room: ...} is required");
        }
        List<Route> routes = new ArrayList<>();
        for (int i = 0; i < settings.size(); i++) {
            RouteSettings route = settings.get(i);
            if (route.room() == null || route.room().isBlank()) {
                throw new IllegalArgumentException("key 'routes[" + i + "].room' is required");
            }
            if (route.topics() == null || route.topics().isEmpty()) {
                throw new IllegalArgumentException("key 'routes[" + i + "].topics' needs at least one topic filter");
            }
            try {
                routes.add(new Route(route.topics().stream().map(TopicFilter::new).toList(), route.room()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("key 'routes[" + i + "].topics': " + e.getMessage());
            }
        }
        return new DeviceRoutes(List.copyOf(routes), format == null ? "{topic}: {payload}" : format);
    }

    /** The room for a bus topic, or null when no route matches. */
    public String room(String topic) {
        for (Route route : routes) {
            if (route.filters().stream().anyMatch(f -> f.matches(topic))) {
                return route.room();
            }
        }
        return null;
    }

    /** Every room of every route, in declaration order. */
    public Set<String> rooms() {
        Set<String> rooms = new LinkedHashSet<>();
        routes.forEach(r -> rooms.add(r.room()));
        return rooms;
    }

    public String body(Envelope message) {
        String topic = message.headers().getOrDefault("mqtt-topic", message.topic());
        String text = message.payloadTextOrNull();
        String payload = text != null ? text : "base64:" + Base64.getEncoder().encodeToString(message.payload());
        // The payload goes in last, so text in it that looks like a placeholder stays as the device sent it.
        return format.replace("{payload}", "\u0000").replace("{topic}", topic).replace("\u0000", payload);
    }
}
