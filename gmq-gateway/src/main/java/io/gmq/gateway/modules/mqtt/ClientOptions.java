package io.gmq.gateway.modules.mqtt;

import io.vertx.mqtt.MqttClientOptions;

/**
 * The MQTT client settings every broker session of the gateway shares (bridge modules and the {@code gmq-mqtt}
 * channels): manual PUBACK, a persistent session unless told otherwise, and the decoder limit that keeps bursts from
 * closing the connection.
 */
public final class ClientOptions {

    private ClientOptions() {
    }

    public static MqttClientOptions of(String clientId, boolean cleanSession, int inflight, int keepAliveSeconds,
            String username, String password) {
        MqttClientOptions options = new MqttClientOptions();
        options.setClientId(clientId);
        options.setCleanSession(cleanSession);
        options.setAutoAck(false);
        options.setMaxInflightQueue(inflight);
        options.setKeepAliveInterval(keepAliveSeconds);
        options.setConnectTimeout(5000);
        // Why the bridge lost its connection under load (issue 10): Netty 4.1.133's MqttDecoder throws
        // TooLongFrameException ("message length exceeds 8092: 11") for a small packet whose variable header arrives
        // split across two socket reads, as bursts make likely; vertx-mqtt then closes the connection. The check
        // compares the replaying buffer's readableBytes() (Integer.MAX_VALUE - readerIndex) with this limit, so the
        // largest limit turns the spurious failure into a wait for more bytes (netty/netty issue 16776, PR 16812).
        options.setMaxMessageSize(Integer.MAX_VALUE);
        if (username != null && !username.isBlank()) {
            options.setUsername(username);
            options.setPassword(password == null ? "" : password);
        }
        return options;
    }

    /**
     * An MQTT topic filter, checked as MQTT defines it ({@code #} only whole and last, {@code +} only whole levels);
     * a bad one throws naming {@code key}.
     */
    public static String filter(String filter, String key) {
        try {
            return new io.gmq.gateway.bus.TopicFilter(filter).pattern();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("key '" + key + "': " + e.getMessage(), e);
        }
    }

    /** Part of default client ids: one session per name and host, so two gateways never take each other's. */
    public static String hostname() {
        String name = System.getenv("HOSTNAME");
        if (name != null && !name.isBlank()) {
            return name;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "local";
        }
    }
}
