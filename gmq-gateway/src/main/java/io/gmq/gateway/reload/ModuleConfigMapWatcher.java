package io.gmq.gateway.reload;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.gmq.gateway.config.GatewayConfig;
import io.gmq.gateway.module.ModuleManager;
import io.quarkus.runtime.ShutdownEvent;

/**
 * Kubernetes: watches the ConfigMap {@code gmq.gateway.reload.config-map.name} through the API (get, list, watch on
 * that one ConfigMap: see k8s/base/gateway/rbac.yaml) and applies its {@code key} as the module overlay on change.
 */
@ApplicationScoped
public class ModuleConfigMapWatcher {

    private static final Logger LOG = Logger.getLogger(ModuleConfigMapWatcher.class);

    private final GatewayConfig.ConfigMap config;
    private final Instance<KubernetesClient> client;
    private final ModuleConfigLoader loader;
    private final Instance<ModuleManager> manager;
    private SharedIndexInformer<ConfigMap> informer;

    public ModuleConfigMapWatcher(GatewayConfig config, Instance<KubernetesClient> client, ModuleConfigLoader loader,
            Instance<ModuleManager> manager) {
        this.config = config.reload().configMap();
        this.client = client;
        this.loader = loader;
        this.manager = manager;
    }

    /** Reads the ConfigMap once before modules start, then watches it. No-op when no name is configured. */
    public void loadInitial() {
        if (config.name().isEmpty()) {
            return;
        }
        String name = config.name().get();
        KubernetesClient kubernetes = client.get();
        String namespace = config.namespace().orElse(kubernetes.getNamespace());
        var resource = kubernetes.configMaps().inNamespace(namespace).withName(name);
        take(resource.get(), false);
        informer = resource.inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ConfigMap configMap) {
                take(configMap, true);
            }

            @Override
            public void onUpdate(ConfigMap previous, ConfigMap current) {
                take(current, true);
            }

            @Override
            public void onDelete(ConfigMap configMap, boolean unknownFinalState) {
                LOG.warnf("GMQ-CFG-013 ConfigMap %s/%s deleted; modules keep their current configuration", namespace,
                        name);
            }
        });
        LOG.infof("GMQ-CFG-010 watching ConfigMap %s/%s key %s", namespace, name, config.key());
    }

    private synchronized void take(ConfigMap configMap, boolean apply) {
        if (configMap == null) {
            LOG.warnf("GMQ-CFG-014 ConfigMap %s not found yet; using application.yaml's modules", config.name().get());
            return;
        }
        String yaml = Optional.ofNullable(configMap.getData()).map(d -> d.get(config.key())).orElse("");
        String source = "configmap:" + configMap.getMetadata().getNamespace() + "/" + configMap.getMetadata().getName();
        try {
            if (loader.update(source, yaml) && apply && manager.get().isStarted()) {
                LOG.infof("GMQ-CFG-011 %s changed; applying it", source);
                manager.get().applyCurrent();
            }
        } catch (IllegalArgumentException e) {
            LOG.errorf("GMQ-CFG-012 %s ignored, modules keep running as they are: %s", source, e.getMessage());
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (informer != null) {
            informer.close();
        }
    }
}
