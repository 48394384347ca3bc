package io.gmq.im.bench.gateway;

/**
 * The module overlay files ({@code GMQ_MODULES_FILE}) the gateway bench declares: the echo module on the MQTT path
 * ({@code --module registry} and the reload part) and the ring of echo modules for hops.
 */
final class Overlays {

    private Overlays() {
    }

    /**
     * An echo module on the path the MQTT edge feeds ({@code debug/in} → {@code debug/out}, where the built-in debug
     * channel sits otherwise); the reload part swaps in the same with another prefix, which restarts it.
     */
    static String relay(String prefix) {
        return """
                gmq:
                  modules:
                    relay:
                      impl: echo
                      subscribe: [debug/in]
                      publish: [debug/out]
                      reply-topic: debug/out
                      prefix: "%s"
                      queue: {capacity: 10000}
                """.formatted(prefix);
    }

    /** {@code hops} echo modules, {@code hop<i>} taking {@code ring/<i>} and publishing to the next one's topic. */
    static String ring(int hops, int capacity) {
        StringBuilder yaml = new StringBuilder("gmq:\n  modules:\n");
        for (int i = 0; i < hops; i++) {
            String next = "ring/" + ((i + 1) % hops);
            yaml.append("    hop").append(i).append(":\n")
                    .append("      impl: echo\n")
                    .append("      subscribe: [ring/").append(i).append("]\n")
                    .append("      publish: [").append(next).append("]\n")
                    .append("      reply-topic: ").append(next).append('\n')
                    .append("      prefix: \"\"\n")
                    .append("      queue: {capacity: ").append(capacity).append("}\n");
        }
        return yaml.toString();
    }
}
