package io.gmq.common.health;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * A datasource hands out a connection that passes {@link Connection#isValid(int)}; runs on a worker thread because
 * JDBC blocks.
 */
public final class JdbcProbe implements DependencyProbe {

    private final DataSource dataSource;
    private final String name;
    private final String address;

    public JdbcProbe(DataSource dataSource, String name, String jdbcUrl) {
        this.dataSource = dataSource;
        this.name = name;
        this.address = DependencyProbe.redact(jdbcUrl);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public Uni<Void> check() {
        return Uni.createFrom().<Void> item(() -> {
            try (Connection connection = dataSource.getConnection()) {
                if (!connection.isValid(2)) {
                    throw new IllegalStateException("connection is not valid");
                }
                return null;
            } catch (SQLException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
