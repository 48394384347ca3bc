package io.gmq.servers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * PostgreSQL from Debian's postgresql package: a private cluster (initdb, trust auth on loopback) run by pg_ctl as the
 * postgres user when the manager runs as root, and the application database created on started and reused servers.
 */
public final class PostgresServer extends ManagedServer implements Restartable {

    private final String database;
    private final String user;
    private final String password;
    private Path bin;
    private Path dataDir;

    public PostgresServer(Endpoint endpoint, String database, String user, String password) {
        super(endpoint);
        this.database = database;
        this.user = user;
        this.password = password;
    }

    @Override
    public String name() {
        return "PostgreSQL";
    }

    @Override
    protected void install() {
        bin = findBin();
        if (bin == null) {
            Commands.install("postgresql");
            bin = findBin();
        }
        if (bin == null) {
            throw new ServerException("GMQ-SRV-040 postgresql is installed but no /usr/lib/postgresql/*/bin/initdb was found");
        }
    }

    @Override
    protected void launch() {
        Path dir = workDir();
        dataDir = dir.resolve("data");
        chownToPostgres(dir);
        Commands.Result init = asPostgres(List.of(bin.resolve("initdb").toString(), "-D", dataDir.toString(), "-A", "trust",
                "-U", user, "-E", "UTF8", "--no-sync"), 120);
        if (!init.ok()) {
            throw new ServerException("GMQ-SRV-041 initdb failed in " + dataDir + ":\n" + Commands.tail(init.output()));
        }
        startCluster();
    }

    private void startCluster() {
        Path dir = dataDir.getParent();
        String options = "-p " + endpoint.port() + " -c listen_addresses=" + endpoint.host() + " -k " + dir
                + " -c fsync=off -c max_connections=200";
        Commands.Result start = asPostgres(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-l",
                dir.resolve("postgresql.log").toString(), "-o", options, "-w", "-t", "60", "start"), 90);
        if (!start.ok()) {
            throw new ServerException(
                    "GMQ-SRV-042 pg_ctl start failed:\n" + Commands.tail(start.output()) + "\n" + diagnostics());
        }
    }

    /** The postmaster and every backend: a killed PostgreSQL leaves no process that still serves a connection. */
    @Override
    public synchronized void kill9() {
        ProcessHandle.of(pid()).ifPresent(postmaster -> {
            List<ProcessHandle> all = new ArrayList<>(postmaster.descendants().toList());
            all.add(postmaster);
            all.forEach(ProcessHandle::destroyForcibly);
            all.forEach(p -> p.onExit().join());
        });
    }

    @Override
    public synchronized void terminate(long graceSeconds) {
        asPostgres(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "fast", "-w", "-t",
                Long.toString(graceSeconds), "stop"), graceSeconds + 10);
        kill9();
    }

    /** pg_ctl start on the existing cluster (no initdb): what was committed before the fault is there. */
    @Override
    public synchronized void restart() {
        if (dataDir == null || !startedHere()) {
            throw new ServerException("GMQ-SRV-014 " + name() + " at " + endpoint + " was not started here: no restart");
        }
        startCluster();
        afterReady();
    }

    /** The postmaster's pid, from the first line of postmaster.pid; 0 when the cluster does not run. */
    @Override
    public long pid() {
        try {
            Path pidFile = dataDir == null ? null : dataDir.resolve("postmaster.pid");
            if (pidFile == null || !Files.exists(pidFile)) {
                return 0;
            }
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) ? pid : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    @Override
    protected void shutdown() {
        if (dataDir != null) {
            asPostgres(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "fast", "-w", "stop"), 60);
        }
    }

    @Override
    protected boolean isRunning() {
        return dataDir != null
                && asPostgres(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "status"), 10).ok();
    }

    @Override
    protected String diagnostics() {
        try {
            return dataDir == null ? "(not started)"
                    : Commands.tail(Files.readString(dataDir.getParent().resolve("postgresql.log")));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    protected void afterReady() {
        Path psql = Commands.require("psql", "postgresql-client");
        List<String> base = List.of(psql.toString(), "-h", endpoint.host(), "-p", String.valueOf(endpoint.port()), "-U", user,
                "-d", "postgres", "-tAc");
        Map<String, String> env = Map.of("PGPASSWORD", password, "PGCONNECT_TIMEOUT", "10");
        Commands.Result exists = Commands.run(concat(base, "SELECT 1 FROM pg_database WHERE datname = '" + database + "'"), env,
                30);
        if (exists.ok() && exists.output().strip().equals("1")) {
            return;
        }
        Commands.Result create = Commands.run(concat(base, "CREATE DATABASE \"" + database + "\""), env, 30);
        if (!create.ok() && !create.output().contains("already exists")) {
            throw new ServerException("GMQ-SRV-043 cannot create database " + database + " on PostgreSQL at " + endpoint
                    + " as " + user + ": " + Commands.tail(exists.output() + "\n" + create.output()));
        }
    }

    private static List<String> concat(List<String> base, String last) {
        List<String> all = new ArrayList<>(base);
        all.add(last);
        return all;
    }

    /** PostgreSQL refuses to run as root: as root, run its tools as the postgres user. */
    private static Commands.Result asPostgres(List<String> command, long timeoutSeconds) {
        List<String> full = new ArrayList<>();
        if (Commands.isRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        return Commands.run(full, Map.of(), timeoutSeconds);
    }

    private static void chownToPostgres(Path dir) {
        if (Commands.isRoot()) {
            Commands.Result r = Commands.run("chown", "-R", "postgres:postgres", dir.toString());
            if (!r.ok()) {
                throw new ServerException("GMQ-SRV-044 cannot give " + dir + " to the postgres user: " + r.output());
            }
        }
    }

    private static Path findBin() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator
                            .comparing(b -> Integer.parseInt(b.getParent().getFileName().toString().replaceAll("\\D", "0"))))
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }
}
