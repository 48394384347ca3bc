package io.gmq.gateway.exe;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import org.jboss.logging.Logger;

import io.gmq.gateway.bus.Envelope;
import io.gmq.gateway.module.Durations;
import io.gmq.gateway.module.GmqModule;
import io.gmq.gateway.module.ModuleContext;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An {@code exe} module: a supervised child process speaking JSON lines. A child that dies is restarted with
 * exponential backoff; the message it had not acknowledged is delivered again to the next child, and messages that
 * arrive meanwhile wait in the module's queue.
 */
public final class ExeModule implements GmqModule<ExeModule.Settings> {

    private static final Logger LOG = Logger.getLogger(ExeModule.class);

    /**
     * Own keys of an exe module.
     *
     * @param command executable and arguments (a list, or one string split on spaces)
     * @param env extra environment variables for the child
     * @param workingDir the child's working directory (default: the gateway's)
     * @param ackTimeout how long one message may take before the child is considered stuck and restarted
     * @param backoffInitial first restart delay; doubles per quick crash up to backoffMax
     * @param backoffMax longest restart delay
     * @param config passed to the child in its start line
     */
    // Bound by Jackson from the module declaration: a native image needs it registered.
    @RegisterForReflection
    public record Settings(List<String> command, Map<String, String> env, String workingDir, String ackTimeout,
            String backoffInitial, String backoffMax, Map<String, Object> config) {
    }

    private ModuleContext context;
    private Settings settings;
    private List<String> command;
    private long ackTimeoutMillis;
    private Duration backoffInitial;
    private Duration backoffMax;
    private volatile ChildProcess child;
    private volatile boolean stopping;
    private Thread supervisor;

    @Override
    public Class<Settings> configType() {
        return Settings.class;
    }

    @Override
    public void start(Settings config, ModuleContext context) throws Exception {
        this.context = context;
        this.settings = config;
        if (config.command() == null || config.command().isEmpty()) {
            throw new IllegalArgumentException("missing key 'command' (the executable an exe module runs)");
        }
        command = config.command().size() == 1 ? List.of(config.command().get(0).trim().split("\\s+")) : config.command();
        ackTimeoutMillis = Durations.parse(config.ackTimeout(), "30s", "ack-timeout").toMillis();
        backoffInitial = Durations.parse(config.backoffInitial(), "500ms", "backoff-initial");
        backoffMax = Durations.parse(config.backoffMax(), "30s", "backoff-max");
        child = launch(); // a first start that fails fails the module, with the reason
        supervisor = Thread.ofVirtual().name("gmq-exe-" + context.name() + "-supervisor").start(this::supervise);
    }

    @Override
    public void handle(Envelope message) throws Exception {
        ChildProcess previous = null;
        while (true) {
            ChildProcess current = awaitChild(previous);
            previous = current;
            try {
                current.deliver(message, ackTimeoutMillis);
                return;
            } catch (ChildProcess.GoneException e) {
                LOG.infof("GMQ-EXE-003 module %s: message %s goes to the next child (%s)", context.name(), message.id(),
                        e.getMessage());
            } catch (TimeoutException e) {
                LOG.warnf("GMQ-EXE-006 module %s: no ack for message %s within %d ms; restarting the child",
                        context.name(), message.id(), ackTimeoutMillis);
                current.process().destroyForcibly();
            }
        }
    }

    /** The pid of the running child, or -1 (for operators and tests). */
    public long childPid() {
        ChildProcess current = child;
        return current != null && current.isAlive() ? current.pid() : -1;
    }

    @Override
    public void stop() {
        stopping = true;
        supervisor.interrupt();
        ChildProcess current = child;
        if (current != null) {
            current.stop(5000);
        }
    }

    /** The running child, but not {@code failed} (a child that just failed us and may not look dead yet). */
    private synchronized ChildProcess awaitChild(ChildProcess failed) throws InterruptedException {
        while (child == null || child == failed || !child.isAlive()) {
            if (stopping) {
                throw new InterruptedException("module stopping");
            }
            wait(200);
        }
        return child;
    }

    private void supervise() {
        Duration backoff = backoffInitial;
        while (!stopping) {
            ChildProcess current = child;
            long began = System.nanoTime();
            try {
                int code = current.process().waitFor();
                if (stopping) {
                    return;
                }
                if (Duration.ofNanos(System.nanoTime() - began).compareTo(Duration.ofSeconds(10)) > 0) {
                    backoff = backoffInitial;
                }
                LOG.warnf("GMQ-EXE-002 module %s: child %d exited with code %d; restarting in %d ms", context.name(),
                        current.pid(), code, backoff.toMillis());
                Thread.sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(backoffMax) > 0 ? backoffMax : backoff.multipliedBy(2);
                ChildProcess next = launch();
                synchronized (this) {
                    child = next;
                    notifyAll();
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                LOG.errorf("GMQ-EXE-005 module %s: restart failed (%s); retrying in %d ms", context.name(), e.getMessage(),
                        backoff.toMillis());
            }
        }
    }

    private ChildProcess launch() throws IOException, InterruptedException, TimeoutException {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command));
        if (settings.workingDir() != null) {
            builder.directory(new File(settings.workingDir()));
        }
        if (settings.env() != null) {
            builder.environment().putAll(settings.env());
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot run command " + command + ": " + e.getMessage(), e);
        }
        ChildProcess started = new ChildProcess(context.name(), process,
                p -> publish(p.topic(), p.payload(), p.headers()));
        try {
            started.start(settings.config() == null ? Map.of() : settings.config(), ackTimeoutMillis);
        } catch (IOException | TimeoutException | ChildProcess.GoneException e) {
            process.destroyForcibly();
            throw new IllegalStateException("child did not become ready: " + e.getMessage(), e);
        }
        LOG.infof("GMQ-EXE-001 module %s: child %d ready (%s)", context.name(), process.pid(), String.join(" ", command));
        return started;
    }

    private void publish(String topic, byte[] payload, Map<String, String> headers) {
        try {
            context.publish(topic, payload, headers);
        } catch (IllegalArgumentException e) {
            LOG.warnf("GMQ-EXE-007 module %s: publish refused: %s", context.name(), e.getMessage());
        }
    }

}
