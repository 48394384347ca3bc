package io.gmq.gateway.grpc;

import jakarta.enterprise.context.ApplicationScoped;

import io.gmq.gateway.module.RunningModules;

/**
 * Running remote modules, for the bus bridge to attach connections to.
 */
@ApplicationScoped
public class RemoteModules extends RunningModules<RemoteModule> {
}
