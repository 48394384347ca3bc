package io.gmq.gateway.reload;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.gmq.gateway.bus.Envelope;
import io.gmq.gateway.bus.MessageBus;
import io.gmq.gateway.module.CollectorModule;
import io.gmq.gateway.module.ModuleState;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kubernetes reconfiguration through the API (fabric8 mock server, CRUD mode): a ConfigMap created after start adds
 * a module; editing one module's entry restarts only that module, and messages queued meanwhile are handled.
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
                      tags: [%s]
                    cm-y:
                      impl: collector
                      subscribe: [cm/y]
                """.formatted(tag);
        client.configMaps().inNamespace("edge").resource(new ConfigMapBuilder().withNewMetadata().withName("gmq-modules")
                .withNamespace("edge").endMetadata().withData(Map.of("modules.yaml", yaml)).build()).createOr(r -> r.update());
    }

    @Test
    void configMapChangesRestartOnlyTheChangedModule() {
        apply("a");
        await().atMost(Duration.ofSeconds(15)).until(() -> running("cm-x") && running("cm-y"));
        long yRestarts = bus.module("cm-y").restarts();
        long xRestarts = bus.module("cm-x").restarts();

        apply("b");
        for (int i = 0; i < 200; i++) {
            bus.publish(Envelope.text("cm/x", "test", "m" + i));
        }
        await().atMost(Duration.ofSeconds(15))
                .until(() -> List.of("b").equals(CollectorModule.STARTED_WITH.get("cm-x").tags()) && running("cm-x"));
        await().atMost(Duration.ofSeconds(10)).until(() -> CollectorModule.handled("cm-x").size() >= 200);
        assertThat(CollectorModule.handled("cm-x")).hasSize(200);
        assertThat(bus.module("cm-x").restarts()).isEqualTo(xRestarts + 1);
        assertThat(bus.module("cm-y").restarts()).isEqualTo(yRestarts);
    }

    private boolean running(String name) {
        return bus.module(name) != null && bus.module(name).state() == ModuleState.RUNNING;
    }
}
