package io.gmq.im.bench.load;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The load generator's entry point, a JVM of its own started by the bench: {@code key=value} arguments in, progress
 * lines and one final {@code RESULT {json}} line out. A watchdog ends it at {@code deadline-seconds} whatever happens.
 */
public final class LoadMain {

    private LoadMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> params = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            params.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        long deadline = Long.parseLong(params.getOrDefault("deadline-seconds", "1800"));
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(deadline * 1000);
                log("deadline of " + deadline + " s passed: giving up");
                System.out.flush();
                Runtime.getRuntime().halt(3);
            } catch (InterruptedException e) {
                // finished in time
            }
        }, "deadline");
        watchdog.setDaemon(true);
        watchdog.start();
        try (Load load = new Load(params)) {
            String scenario = load.text("scenario");
            ObjectNode figures = switch (scenario) {
                case "connect" -> ConnectScenario.run(load);
                case "room", "rooms" -> RoomScenario.run(load);
                case "idle" -> IdleScenario.run(load);
                case "peer" -> PeerScenario.run(load);
                case "soak" -> SoakScenario.run(load);
                default -> throw new IllegalArgumentException("unknown scenario " + scenario);
            };
            figures.put("foreign_messages", load.tally.foreignMessages.sum());
            figures.put("deliveries_to_unjoined", load.tally.unjoinedDeliveries.sum());
            System.out.println("RESULT " + Load.JSON.writeValueAsString(figures));
            System.out.flush();
        }
        watchdog.interrupt();
        System.exit(0);
    }

    static void log(String line) {
        System.out.println(line);
    }
}
