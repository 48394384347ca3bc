package io.gmq.gateway.module;

/**
 * Lifecycle state of a declared module.
 */
public enum ModuleState {
    /** Declared with {@code enabled: false}: not started, not subscribed. */
    DISABLED,
    STARTING,
    RUNNING,
    STOPPING,
    /** Stopped on request; its queue keeps receiving (bounded by its policy) until it starts again. */
    STOPPED,
    /** Could not start (bad configuration, unknown implementation, start threw); the reason is reported. */
    FAILED
}
