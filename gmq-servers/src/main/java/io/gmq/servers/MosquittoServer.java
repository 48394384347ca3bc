package io.gmq.servers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Eclipse Mosquitto (MQTT 3.1.1 and 5) from Debian's mosquitto package, anonymous on loopback, no persistence.
 */
public final class MosquittoServer extends ProcessServer {

    private Path binary;

    public MosquittoServer(Endpoint endpoint) {
        super(endpoint);
    }

    @Override
    public String name() {
        return "Mosquitto";
    }

    @Override
    protected void install() {
        binary = Commands.require("mosquitto", "mosquitto");
    }

    @Override
    protected void prepare(Path workDir) {
        String conf = "listener " + endpoint.port() + " " + endpoint.host() + "\n"
                + "allow_anonymous true\npersistence false\nlog_dest stdout\n"
                + (Commands.isRoot() ? "user root\n" : "");
        try {
            Files.writeString(workDir.resolve("mosquitto.conf"), conf);
        } catch (IOException e) {
            throw new ServerException("GMQ-SRV-020 cannot write Mosquitto config in " + workDir + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected List<String> command(Path workDir) {
        return List.of(binary.toString(), "-c", workDir.resolve("mosquitto.conf").toString());
    }
}
