package io.gmq.im.logic.rest;

import java.sql.SQLException;

import org.hibernate.exception.GenericJDBCException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which database errors mean "PostgreSQL is away, retry" (503) and which are real failures (500): the exceptions as
 * the fault matrix saw them while PostgreSQL was frozen and restarted.
 */
class DatabaseAwayTest {

    @Test
    void poolTimeoutAndServerShutdownAreAway() {
        assertThat(ImExceptionMapper.databaseAway(jdbc(new SQLException(
                "Acquisition timeout while waiting for new connection", (Throwable) null)))).isTrue();
        assertThat(ImExceptionMapper.databaseAway(
                jdbc(new SQLException("FATAL: terminating connection due to administrator command", "57P01")))).isTrue();
        assertThat(ImExceptionMapper.databaseAway(jdbc(new SQLException("connection refused", "08001")))).isTrue();
    }

    @Test
    void otherDatabaseErrorsAreFailures() {
        assertThat(ImExceptionMapper.databaseAway(jdbc(new SQLException("syntax error", "42601")))).isFalse();
        assertThat(ImExceptionMapper.databaseAway(jdbc(new SQLException("value too long", "22001")))).isFalse();
        assertThat(ImExceptionMapper.databaseAway(jdbc(new SQLException("something else")))).isFalse();
    }

    private static GenericJDBCException jdbc(SQLException cause) {
        return new GenericJDBCException("JDBC exception", cause);
    }
}
