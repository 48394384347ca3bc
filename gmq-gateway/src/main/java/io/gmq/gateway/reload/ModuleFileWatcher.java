package io.gmq.gateway.reload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.gmq.gateway.config.GatewayConfig;
import io.gmq.gateway.module.ModuleManager;
import io.quarkus.scheduler.Scheduled;

/**
 * Edge devices: watches {@code gmq.gateway.reload.file} (polling its content, which also sees editors' atomic
 * renames and Kubernetes' symlink swaps of mounted volumes) and applies it when it changes.
 */
@ApplicationScoped
public class ModuleFileWatcher {

    private static final Logger LOG = Logger.getLogger(ModuleFileWatcher.class);

    private final Optional<Path> file;
    private final ModuleConfigLoader loader;
    private final ModuleManager manager;
    private String lastContent;

    public ModuleFileWatcher(GatewayConfig config, ModuleConfigLoader loader, ModuleManager manager) {
        this.file = config.reload().file().map(Path::of);
        this.loader = loader;
        this.manager = manager;
    }

    /** Reads the file once before modules start, so boot uses it without a restart. */
    public void loadInitial() {
        file.ifPresent(path -> check());
    }

    @Scheduled(every = "${gmq.gateway.reload.interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        if (file.isPresent() && manager.isStarted()) {
            if (check()) {
                manager.applyCurrent();
            }
        }
    }

    /** True when the content changed and was taken. */
    private synchronized boolean check() {
        Path path = file.get();
        String content;
        try {
            content = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            // Absent counts as empty (the overlay may be written later), but say so once: a wrong path is otherwise
            // invisible (issue 10).
            if (!"".equals(lastContent)) {
                LOG.warnf("GMQ-CFG-013 module file %s does not exist (absolute: %s): no overlay until it appears", path,
                        path.toAbsolutePath());
            }
            content = "";
        } catch (IOException e) {
            LOG.warnf("GMQ-CFG-002 cannot read module file %s: %s", path, e.getMessage());
            return false;
        }
        if (content.equals(lastContent)) {
            return false;
        }
        lastContent = content;
        try {
            boolean changed = loader.update("file:" + path, content);
            if (changed) {
                LOG.infof("GMQ-CFG-001 module file %s loaded", path);
            }
            return changed;
        } catch (IllegalArgumentException e) {
            LOG.errorf("GMQ-CFG-003 module file %s ignored, modules keep running as they are: %s", path, e.getMessage());
            return false;
        }
    }
}
