package io.gmq.im.comet.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Configuration of the IM comet tier (prefix {@code gmq.comet}).
 */
@ConfigMapping(prefix = "gmq.comet")
public interface CometConfig {

    /** This comet's id in session routes; unique per instance (the pod name on Kubernetes). */
    @WithDefault("comet-local")
    String nodeId();
}
