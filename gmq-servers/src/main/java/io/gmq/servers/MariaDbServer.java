package io.gmq.servers;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * MariaDB from Debian's mariadb-server package: a private data directory initialised on first start, and the
 * application database created on started and reused servers alike.
 */
public final class MariaDbServer extends ProcessServer {

    private final String database;
    private final String user;
    private final String password;
    private Path server;

    public MariaDbServer(Endpoint endpoint, String database, String user, String password) {
        super(endpoint);
        this.database = database;
        this.user = user;
        this.password = password;
    }

    @Override
    public String name() {
        return "MariaDB";
    }

    @Override
    protected void install() {
        server = Commands.require("mariadbd", "mariadb-server");
    }

    @Override
    protected void prepare(Path workDir) {
        Commands.Result init = Commands.run(
                List.of("mariadb-install-db", "--no-defaults", "--datadir=" + workDir.resolve("data"),
                        "--auth-root-authentication-method=normal", "--skip-test-db",
                        "--user=" + System.getProperty("user.name")),
                Map.of(), 120);
        if (!init.ok()) {
            throw new ServerException(
                    "GMQ-SRV-030 mariadb-install-db failed in " + workDir + ":\n" + Commands.tail(init.output()));
        }
    }

    @Override
    protected List<String> command(Path workDir) {
        return List.of(server.toString(), "--no-defaults", "--datadir=" + workDir.resolve("data"),
                "--port=" + endpoint.port(), "--bind-address=" + endpoint.host(), "--socket=" + workDir.resolve("mysqld.sock"),
                "--pid-file=" + workDir.resolve("mysqld.pid"), "--user=" + System.getProperty("user.name"),
                "--skip-log-bin", "--innodb-buffer-pool-size=64M");
    }

    @Override
    protected void afterReady() {
        Commands.require("mariadb", "mariadb-client");
        String sql = "CREATE DATABASE IF NOT EXISTS `" + database + "`";
        Commands.Result result = Commands.run(List.of("mariadb", "--protocol=TCP", "-h", endpoint.host(), "-P",
                String.valueOf(endpoint.port()), "-u", user, "-e", sql), Map.of("MYSQL_PWD", password), 30);
        if (!result.ok()) {
            throw new ServerException("GMQ-SRV-031 cannot create database " + database + " on MariaDB at " + endpoint + " as "
                    + user + ": " + Commands.tail(result.output()));
        }
    }
}
