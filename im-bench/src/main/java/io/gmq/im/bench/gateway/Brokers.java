package io.gmq.im.bench.gateway;

/**
 * The brokers of one measurement pair: the publisher's and the subscriber's. One Mosquitto for both (peer
 * {@code mosquitto}), or two joined by a Mosquitto bridge (peer {@code bridge}), where the gateway reads from the
 * first and writes to the second, so each broker carries one leg in both stacks.
 */
record Brokers(Broker in, Broker out) implements AutoCloseable {

    static Brokers open(GatewayOptions options, int qos) {
        int inflight = options.number("broker-inflight");
        if (!bridged(options)) {
            Broker broker = new Broker(inflight);
            return new Brokers(broker, broker);
        }
        Broker out = new Broker(inflight);
        try {
            return new Brokers(Broker.bridgingTo(out, inflight, "bench/out", qos), out);
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    static Brokers single(GatewayOptions options) {
        Broker broker = new Broker(options.number("broker-inflight"));
        return new Brokers(broker, broker);
    }

    static boolean bridged(GatewayOptions options) {
        return options.get("peer").equals("bridge");
    }

    boolean bridged() {
        return in != out;
    }

    /** For the generator's CPU figures: {@code mosquitto} (and {@code mosquitto_out}). */
    String pids() {
        return "mosquitto:" + in.pid() + (bridged() ? ",mosquitto_out:" + out.pid() : "");
    }

    @Override
    public void close() {
        in.close();
        if (bridged()) {
            out.close();
        }
    }
}
