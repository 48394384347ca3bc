package io.gmq.gateway.module;

/**
 * How a module is implemented: {@code inner} (a Java bean), {@code exe} (a supervised child process speaking JSON
 * lines), {@code so} (a native shared library with the GMQ C ABI).
 */
public enum ModuleType {
    INNER,
    EXE,
    SO;

    public static ModuleType parse(String value) {
        for (ModuleType type : values()) {
            if (type.name().equalsIgnoreCase(value.trim())) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown module type '" + value + "' (inner, exe, so)");
    }
}
