package io.gmq.gateway.websocket;

import jakarta.enterprise.context.ApplicationScoped;

import io.gmq.gateway.module.RunningModules;

/**
 * Running WebSocket bridge modules, for the endpoint to attach connections to.
 */
@ApplicationScoped
public class BridgeModules extends RunningModules<WebSocketBridgeModule> {
}
