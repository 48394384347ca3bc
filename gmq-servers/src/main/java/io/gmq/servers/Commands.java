package io.gmq.servers;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs short external commands (installers, database clients, control scripts) and finds binaries,
 * installing the Debian package that provides one when it is missing.
 */
public final class Commands {

    private static final Object APT_LOCK = new Object();
    private static boolean aptUpdated;

    private Commands() {
    }

    public record Result(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    public static Result run(List<String> command, Map<String, String> env, long timeoutSeconds) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(env);
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "timed out after " + timeoutSeconds + " s: " + String.join(" ", command));
            }
            return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }

    public static Result run(String... command) {
        return run(List.of(command), Map.of(), 120);
    }

    /** The absolute path of {@code name} on PATH or in the sbin directories, or null. */
    public static Path which(String name) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/local/sbin"));
        for (String dir : dirs) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** Finds {@code binary}, installing Debian's {@code packageName} first when it is missing. */
    public static Path require(String binary, String packageName) {
        Path found = which(binary);
        if (found != null) {
            return found;
        }
        install(packageName);
        found = which(binary);
        if (found == null) {
            throw new ServerException("GMQ-SRV-003 package " + packageName + " is installed but provides no " + binary);
        }
        return found;
    }

    public static void install(String packageName) {
        if (!isRoot()) {
            throw new ServerException("GMQ-SRV-004 " + packageName + " is not installed and this user cannot install it: "
                    + "run 'sudo apt-get install -y " + packageName + "' once");
        }
        synchronized (APT_LOCK) {
            Log.info("installing Debian package " + packageName);
            Result result = aptInstall(packageName);
            if (!result.ok() && !aptUpdated) {
                run(List.of("apt-get", "update"), Map.of("DEBIAN_FRONTEND", "noninteractive"), 600);
                aptUpdated = true;
                result = aptInstall(packageName);
            }
            if (!result.ok()) {
                throw new ServerException("GMQ-SRV-005 apt-get install " + packageName + " failed: " + tail(result.output()));
            }
        }
    }

    private static Result aptInstall(String packageName) {
        return run(List.of("apt-get", "install", "-y", "--no-install-recommends", packageName),
                Map.of("DEBIAN_FRONTEND", "noninteractive"), 900);
    }

    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The last lines of a command's output, for error messages. */
    public static String tail(String output) {
        String[] lines = output.strip().split("\n");
        int from = Math.max(0, lines.length - 8);
        return String.join("\n", List.of(lines).subList(from, lines.length));
    }
}
