package io.gmq.im.common.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.gmq.common.http.JsonErrorRoutes;
import io.vertx.ext.web.Router;

/**
 * The IM services' answers for what no resource handles (unknown paths, methods, the security layer's refusals) with
 * the {@code ImCode} catalogue.
 */
@ApplicationScoped
public class ImErrorRoutes extends JsonErrorRoutes {

    void init(@Observes Router router) {
        install(router);
    }

    @Override
    protected Object body(int status, String message) {
        return ImHttpErrors.body(ImHttpErrors.code(status), message);
    }

    @Override
    protected String challenge() {
        return "Bearer";
    }
}
