package io.gmq.gateway.module;

/**
 * The configuration type of a module that takes no keys of its own: any key is reported as unknown.
 */
public record NoConfig() {
}
