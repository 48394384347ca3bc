package io.gmq.im.logic.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import io.gmq.im.logic.config.LogicConfig;

/**
 * What a browser client needs before it logs in: where the comet's WebSocket is (the chat page at {@code /chat/}).
 */
@Path("/api/v1/client-config")
public class ClientConfigResource {

    private final LogicConfig config;

    public ClientConfigResource(LogicConfig config) {
        this.config = config;
    }

    @GET
    @PermitAll
    public ClientConfig get() {
        return new ClientConfig(config.cometPublicUrl());
    }

    public record ClientConfig(String comet) {
    }
}
