package io.gmq.gateway.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.gmq.common.http.JsonErrorRoutes;
import io.vertx.ext.web.Router;

/**
 * The gateway's answers for what no resource handles (unknown paths and methods, a wrong Basic password or bearer
 * token refused by the security layer, a body over the size limit) with the {@link GatewayError} catalogue.
 */
@ApplicationScoped
public class GatewayErrorRoutes extends JsonErrorRoutes {

    void init(@Observes Router router) {
        install(router);
    }

    @Override
    protected Object body(int status, String message) {
        return GatewayError.of(status).body(message);
    }

    @Override
    protected String challenge() {
        return "Basic realm=\"Quarkus\"";
    }
}
