package io.gmq.gateway.reload;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigSource;

import io.gmq.gateway.module.ModuleDeclaration;
import io.gmq.gateway.module.ModuleDeclarations;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.source.yaml.YamlConfigSource;

/**
 * The module declarations in force: application.yaml (and every other application config source, the environment
 * included) overlaid with the latest watched YAML (file or ConfigMap), which wins key by key. {@code ${ENV}}
 * expressions resolve the same way in both.
 */
@ApplicationScoped
public class ModuleConfigLoader {

    /** Above application.yaml (250) and below system properties (400) and the environment (300). */
    static final int WATCHED_ORDINAL = 275;

    private final Config applicationConfig;
    private volatile String watchedYaml = "";
    private volatile String watchedName = "none";

    public ModuleConfigLoader(Config applicationConfig) {
        this.applicationConfig = applicationConfig;
    }

    /** Declarations from application config plus the current watched YAML. */
    public Map<String, ModuleDeclaration> declarations(ModuleDeclarations.QueueDefaults defaults) {
        return ModuleDeclarations.read(compose(watchedName, watchedYaml), defaults);
    }

    /**
     * Checks and takes a new watched YAML; false when it is the same as the current one. Throws
     * {@link IllegalArgumentException} (the current one stays) when it is not valid YAML.
     */
    public synchronized boolean update(String sourceName, String yaml) {
        if (yaml.equals(watchedYaml)) {
            return false;
        }
        compose(sourceName, yaml); // parses the YAML: a bad document throws here and changes nothing
        this.watchedName = sourceName;
        this.watchedYaml = yaml;
        return true;
    }

    private Config compose(String name, String yaml) {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withProfiles(applicationConfig.unwrap(SmallRyeConfig.class).getProfiles());
        for (ConfigSource source : applicationConfig.getConfigSources()) {
            builder.withSources(source);
        }
        if (!yaml.isBlank()) {
            try {
                builder.withSources(new YamlConfigSource(name, yaml, WATCHED_ORDINAL));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("not valid YAML: " + String.valueOf(e.getMessage()).replace('\n', ' '), e);
            }
        }
        return builder.build();
    }
}
