package io.gmq.common.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/**
 * Readiness "servers": UP only while every server this service depends on answers its probe.
 */
@Readiness
@ApplicationScoped
public class DependencyReadinessCheck implements AsyncHealthCheck {

    private final DependencyMonitor monitor;

    public DependencyReadinessCheck(DependencyMonitor monitor) {
        this.monitor = monitor;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return monitor.probeAll().map(statuses -> {
            HealthCheckResponseBuilder builder = HealthCheckResponse.named("servers").up();
            for (DependencyStatus status : statuses) {
                builder.withData(status.name(), status.describe());
                if (!status.up()) {
                    builder.down();
                }
            }
            return builder.build();
        });
    }
}
