package io.gmq.common.health;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How often and how patiently the servers a service depends on are probed.
 */
@ConfigMapping(prefix = "gmq.health")
public interface HealthConfig {

    /** Time between background probes; a change of state is logged once when a probe sees it. */
    @WithDefault("2s")
    Duration interval();

    /** How long one probe may take before its server counts as DOWN. */
    @WithDefault("2s")
    Duration timeout();
}
