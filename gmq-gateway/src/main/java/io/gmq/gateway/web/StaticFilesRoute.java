package io.gmq.gateway.web;

import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.gmq.gateway.config.GatewayConfig;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * Serves {@code gmq.gateway.web.static-dir} at {@code /static/} with Vert.x's static handler (no directory listing;
 * paths cannot leave the directory).
 */
@ApplicationScoped
public class StaticFilesRoute {

    private final GatewayConfig config;

    public StaticFilesRoute(GatewayConfig config) {
        this.config = config;
    }

    void route(@Observes Router router) {
        config.web().staticDir().ifPresent(dir -> router.route("/static/*").handler(StaticHandler
                .create(FileSystemAccess.ROOT, Path.of(dir).toAbsolutePath().toString()).setDirectoryListing(false)
                .setIncludeHidden(false)));
    }
}
