package io.gmq.servers;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the GMQ checkout (for the server distributions under gmq-servers/*-dist/target/lib and the services' jars)
 * and the Java launcher that child JVMs use.
 */
public final class GmqRoot {

    private GmqRoot() {
    }

    /** The checkout root: system property gmq.root, else the first parent of the working directory holding mvnw. */
    public static Path path() {
        String configured = System.getProperty("gmq.root", System.getenv("GMQ_ROOT"));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("gmq-servers"))) {
                return dir;
            }
        }
        throw new ServerException("GMQ-SRV-050 cannot find the GMQ checkout: set -Dgmq.root or GMQ_ROOT");
    }

    /** The jars of a server distribution module, built by {@code ./mvnw install}. */
    public static Path distLib(String module) {
        Path lib = path().resolve("gmq-servers").resolve(module).resolve("target").resolve("lib");
        if (!Files.isDirectory(lib)) {
            throw new ServerException("GMQ-SRV-051 " + lib + " is missing: build the servers first ("
                    + "./mvnw -pl gmq-servers -am package -DskipTests)");
        }
        return lib;
    }

    /** The java executable of the running JVM, so child JVMs use the same JDK. */
    public static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
