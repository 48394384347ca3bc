package io.gmq.gateway.config;

import java.time.Duration;
import java.util.Optional;

import io.gmq.gateway.bus.OverflowPolicy;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Configuration of the GMQ gateway runtime (prefix {@code gmq.gateway}). The modules themselves are declared under
 * {@code gmq.modules.<name>} and read by the module runtime.
 */
@ConfigMapping(prefix = "gmq.gateway")
public interface GatewayConfig {

    /** The MQTT broker the device bridge connects to. */
    Mqtt mqtt();

    /** Where durable queues and shutdown spills are kept. */
    @WithDefault("./data")
    String dataDir();

    /** Queue settings for modules that declare none. */
    Queue queue();

    /** Graceful shutdown. */
    Shutdown shutdown();

    /** Live reconfiguration of modules. */
    Reload reload();

    /** Static files and uploads. */
    Web web();

    interface Web {
        /** Directory served at /static/ (no listing); unset = nothing served. */
        Optional<String> staticDir();

        /** Where uploads are stored (by date, under generated names); default data-dir/uploads. */
        Optional<String> uploadDir();

        /** Largest accepted upload in bytes (also bounded by quarkus.http.limits.max-body-size). */
        @WithDefault("5242880")
        long maxUploadBytes();
    }

    /** HTTP Basic users of the admin API (admin) and HTTP publish (publisher). */
    Users users();

    interface Users {
        /** Password of user admin; unset = no admin user (the admin API stays locked). */
        Optional<String> adminPassword();

        /** Password of user publisher; unset = no publisher user. */
        Optional<String> publisherPassword();

        /** A bearer JWT whose groups contain this one is admin too; unset = no JWT is admin. */
        Optional<String> jwtAdminGroup();
    }

    interface Reload {
        /** A YAML file overlaying application.yaml's gmq.modules (edge devices); watched for changes. */
        Optional<String> file();

        /** How often the file is checked. */
        @WithDefault("2s")
        Duration interval();

        /** A ConfigMap overlaying gmq.modules, watched through the Kubernetes API. */
        ConfigMap configMap();
    }

    interface ConfigMap {
        /** ConfigMap name; unset = no Kubernetes watch. */
        Optional<String> name();

        /** Namespace; unset = the client's namespace (the pod's own). */
        Optional<String> namespace();

        /** The ConfigMap key holding the YAML. */
        @WithDefault("modules.yaml")
        String key();
    }

    interface Mqtt {
        /** Broker host name or address. */
        @WithDefault("127.0.0.1")
        String host();

        /** Broker port (1883 plain, 8883 TLS). */
        @WithDefault("1883")
        int port();

        /** User name, when the broker requires one. */
        Optional<String> username();

        /** Password, when the broker requires one; from the environment, never committed. */
        Optional<String> password();
    }

    interface Queue {
        /** Messages a module's queue holds before its overflow policy applies. */
        @WithDefault("1024")
        int capacity();

        /** What a full queue does: block, drop-oldest, drop-newest or reject. */
        @WithDefault("block")
        OverflowPolicy overflow();

        /** How long a publisher waits on a full queue with policy block before the message is rejected. */
        @WithDefault("5s")
        Duration blockTimeout();

        /**
         * Payload bytes one memory queue may hold (each module's and each bus channel's); beyond it, its overflow
         * policy applies as at its capacity. Keeps queues of large messages inside the heap.
         */
        @WithDefault("33554432")
        long maxMemoryBytes();

        /** Disk a spill-to-disk queue may use for messages not yet handled; beyond it, messages are rejected. */
        @WithDefault("1073741824")
        long maxDiskBytes();
    }

    interface Shutdown {
        /** How long shutdown waits for every module's queue to empty before stopping the modules. */
        @WithDefault("30s")
        Duration drainTimeout();
    }
}
