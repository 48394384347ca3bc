package io.gmq.gateway.module;

import java.util.Map;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

/**
 * What a running module may use: publishing (only to the topics it declared), named datasources and its logger.
 */
public interface ModuleContext {

    /** The module's declared name. */
    String name();

    /**
     * Publishes to the bus. The topic must match one of the module's {@code publish} filters, else
     * {@link IllegalArgumentException}; a full subscriber queue that rejects is reported in the result.
     */
    PublishResult publish(String topic, byte[] payload, Map<String, String> headers);

    /** A datasource by name ({@code ""} or "default" for the default one), e.g. "mariadb", "embedded". */
    DataSource dataSource(String name);

    Logger log();
}
