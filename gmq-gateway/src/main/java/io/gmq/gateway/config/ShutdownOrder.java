package io.gmq.gateway.config;

/**
 * The order of the gateway's shutdown observers (lower first): the MQTT edge stops reading (what it buffered reaches
 * the bus), the bus settles (every queue empty, every channel's messages acknowledged), modules drain into the bus,
 * bus channels drain into their sinks, then the MQTT edge waits for its PUBACKs.
 * All share one {@link ShutdownDeadline}.
 */
public final class ShutdownOrder {

    public static final int MQTT_INBOUND = 1_900;
    /** Everything on the bus settles, modules and channels together, before any of them stops. */
    public static final int BUS_SETTLE = 1_950;
    public static final int MODULES = 2_000;
    public static final int BUS_CHANNELS = 2_100;
    public static final int MQTT_OUTBOUND = 2_200;

    private ShutdownOrder() {
    }
}
