package io.gmq.gateway.reload;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.gmq.gateway.bus.MessageBus;
import io.gmq.gateway.module.CollectorModule;
import io.gmq.gateway.module.ModuleState;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

import static org.awaitility.Awaitility.await;

/**
 * Kubernetes reconfiguration through the API (fabric8 mock server, CRUD mode): a ConfigMap created after start adds
 * modules X and Y; while ~10,000 messages/s flow through both, X's entry changes: only X restarts, Y keeps handling,
 * and every message to X is handled exactly once.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(ModuleConfigMapReloadTest.ConfigMapProfile.class)
class ModuleConfigMapReloadTest {

    public static class ConfigMapProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gmq.gateway.reload.config-map.name", "gmq-modules",
                    "gmq.gateway.reload.config-map.namespace", "edge");
        }
    }

    @Inject
    KubernetesClient client;

    @Inject
    MessageBus bus;

    private void apply(String tag) {
        String yaml = """
                gmq:
                  modules:
                    cm-x:
                      impl: collector
                      subscribe: [cm/x]
                      queue: {capacity: 100000}
                      tags: [%s]
                    cm-y:
                      impl: collector
                      subscribe: [cm/y]
                      queue: {capacity: 100000}
                """.formatted(tag);
        client.configMaps().inNamespace("edge").resource(new ConfigMapBuilder().withNewMetadata().withName("gmq-modules")
                .withNamespace("edge").endMetadata().withData(Map.of("modules.yaml", yaml)).build()).createOr(r -> r.update());
    }

    @Test
    void configMapChangesRestartOnlyTheChangedModuleWhileBothAreLoaded() throws Exception {
        apply("a");
        await().atMost(Duration.ofSeconds(15)).until(() -> running("cm-x") && running("cm-y"));
        ReloadUnderLoad.run(bus, "cm-x", "cm-y", () -> apply("b"));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> List.of("b").equals(CollectorModule.STARTED_WITH.get("cm-x").tags()));
    }

    private boolean running(String name) {
        return bus.module(name) != null && bus.module(name).state() == ModuleState.RUNNING;
    }
}
