package io.gmq.common.health;

/**
 * The outcome of one probe: whether the dependency answered and, if not, why.
 */
public record DependencyStatus(String name, String address, boolean up, String error) {

    /** Compact form for readiness data, e.g. "UP 127.0.0.1:6379" or "DOWN 127.0.0.1:6379 (Connection refused)". */
    public String describe() {
        return (up ? "UP " : "DOWN ") + address + (up ? "" : " (" + error + ")");
    }
}
