package io.gmq.servers;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Apache Kafka in KRaft mode (one combined broker and controller, replication factor 1) from the jars that
 * gmq-kafka-dist copies out of Maven Central, run as a separate JVM.
 */
public final class KafkaServer extends ProcessServer {

    private Path lib;

    public KafkaServer(Endpoint endpoint) {
        super(endpoint);
    }

    @Override
    public String name() {
        return "Kafka";
    }

    @Override
    protected void install() {
        lib = GmqRoot.distLib("kafka-dist");
    }

    @Override
    protected Duration startTimeout() {
        return Duration.ofSeconds(90);
    }

    @Override
    protected void prepare(Path workDir) {
        int controllerPort = Ports.freePort();
        String host = endpoint.host();
        String properties = String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=" + host + ":" + controllerPort,
                "listeners=PLAINTEXT://" + host + ":" + endpoint.port() + ",CONTROLLER://" + host + ":" + controllerPort,
                "advertised.listeners=PLAINTEXT://" + host + ":" + endpoint.port(),
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + workDir.resolve("data"),
                "num.partitions=4",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=4",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
                "");
        String log4j = String.join("\n",
                "Configuration:",
                "  Appenders:",
                "    Console:",
                "      name: STDOUT",
                "      PatternLayout:",
                "        pattern: \"[%d] %p %m (%c)%n\"",
                "  Loggers:",
                "    Root:",
                "      level: INFO",
                "      AppenderRef:",
                "        - ref: STDOUT",
                "");
        try {
            Files.writeString(workDir.resolve("server.properties"), properties);
            Files.writeString(workDir.resolve("log4j2.yaml"), log4j);
        } catch (IOException e) {
            throw new ServerException("GMQ-SRV-060 cannot write Kafka config in " + workDir + ": " + e.getMessage(), e);
        }
        Commands.Result format = Commands.run(java(workDir, "kafka.tools.StorageTool", "format", "--standalone", "-t",
                clusterId(), "-c", workDir.resolve("server.properties").toString()), Map.of(), 120);
        if (!format.ok()) {
            throw new ServerException("GMQ-SRV-061 Kafka storage format failed:\n" + Commands.tail(format.output()));
        }
    }

    @Override
    protected List<String> command(Path workDir) {
        return java(workDir, "kafka.Kafka", workDir.resolve("server.properties").toString());
    }

    private List<String> java(Path workDir, String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(GmqRoot.javaExecutable(), "-Xms256m", "-Xmx768m",
                "-XX:+UseParallelGC", "-Dlog4j2.configurationFile=" + workDir.resolve("log4j2.yaml"),
                "-cp", lib.resolve("*").toString(), mainClass));
        command.addAll(List.of(args));
        return command;
    }

    /** A random KRaft cluster id: 16 bytes, URL-safe base64 without padding, not starting with '-'. */
    private static String clusterId() {
        while (true) {
            UUID uuid = UUID.randomUUID();
            ByteBuffer bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                    .putLong(uuid.getLeastSignificantBits());
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }
}
